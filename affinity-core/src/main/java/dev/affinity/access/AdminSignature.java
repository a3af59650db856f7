package dev.affinity.access;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

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
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

    private final HmacSha256 hmac;
    private final long maxSkewMillis;
    private final LongSupplier clock;

    /** Signatures under {@code secret}, valid within {@code maxSkew} of {@code clock} (milliseconds since the epoch). */
    public AdminSignature(String secret, Duration maxSkew, LongSupplier clock) {
        this.hmac = new HmacSha256(secret);
        this.maxSkewMillis = maxSkew.toMillis();
        this.clock = clock;
    }

    /** The header value for {@code action} on {@code node}, signed now. */
    public String sign(String action, String node) {
        long now = clock.getAsLong();
        return new SignedHeader(action, node, now, mac(action, node, now)).format("action", "node");
    }

    /** Whether {@code header} is a fresh signature of {@code action} on {@code node}. */
    public boolean verify(String header, String action, String node) {
        return signedNode(header, action).filter(node::equals).isPresent();
    }

    /** The node a fresh, well-signed {@code header} for {@code action} names; empty for anything else. */
    public Optional<String> signedNode(String header, String action) {
        return SignedHeader.parse(header, "action", "node")
                .filter(signed -> signed.first().equals(action) && FIELD.matcher(signed.second()).matches())
                .filter(signed -> MessageDigest.isEqual(signed.signature(), mac(action, signed.second(), signed.timestamp())))
                .filter(signed -> signed.freshAt(clock.getAsLong(), maxSkewMillis))
                .map(SignedHeader::second);
    }

    private byte[] mac(String action, String node, long timestamp) {
        return hmac.of("affinity-admin-v1\n" + action + "\n" + node + "\n" + timestamp);
    }
}
