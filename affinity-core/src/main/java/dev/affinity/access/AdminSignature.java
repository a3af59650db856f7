package dev.affinity.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Affinity-Admin} header that authorises an admin call (drain, undrain, a member's
 * state) from anywhere: {@code action=ACTION;node=NAME;ts=MILLIS;sig=SIGNATURE}, the signature
 * HMAC-SHA256 under the farm secret over the action, the node's name and the timestamp. It is
 * valid only for that action and node, within the allowed clock skew. The balancer and tools sign
 * with {@link #sign}; a node checks with {@link #verify}.
 */
public final class AdminSignature {
    /** The header's name. */
    public static final String HEADER = "Affinity-Admin";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

    private final SecretKeySpec key;
    private final long maxSkewMillis;
    private final LongSupplier clock;

    /** Signatures under {@code secret}, valid within {@code maxSkew} of {@code clock} (milliseconds since the epoch). */
    public AdminSignature(String secret, Duration maxSkew, LongSupplier clock) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.maxSkewMillis = maxSkew.toMillis();
        this.clock = clock;
        mac("check", "check", 0);
    }

    /** The header value for {@code action} on {@code node}, signed now. */
    public String sign(String action, String node) {
        long now = clock.getAsLong();
        return "action=" + action + ";node=" + node + ";ts=" + now + ";sig="
                + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(action, node, now));
    }

    /** Whether {@code header} is a fresh signature of {@code action} on {@code node}. */
    public boolean verify(String header, String action, String node) {
        return signedNode(header, action).filter(node::equals).isPresent();
    }

    /** The node a fresh, well-signed {@code header} for {@code action} names; empty for anything else. */
    public Optional<String> signedNode(String header, String action) {
        if (header == null) {
            return Optional.empty();
        }
        String[] fields = header.split(";", -1);
        if (fields.length != 4 || !fields[0].equals("action=" + action) || !fields[1].startsWith("node=")
                || !fields[2].startsWith("ts=") || !fields[3].startsWith("sig=")) {
            return Optional.empty();
        }
        String node = fields[1].substring(5);
        long timestamp;
        byte[] signature;
        try {
            timestamp = Long.parseLong(fields[2].substring(3));
            signature = Base64.getUrlDecoder().decode(fields[3].substring(4));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!FIELD.matcher(node).matches() || !MessageDigest.isEqual(signature, mac(action, node, timestamp))) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        return timestamp >= now - maxSkewMillis && timestamp <= now + maxSkewMillis ? Optional.of(node) : Optional.empty();
    }

    private byte[] mac(String action, String node, long timestamp) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(("affinity-admin-v1\n" + action + "\n" + node + "\n" + timestamp).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
