package dev.affinity.filter;

import dev.affinity.routing.MemberListParser;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Affinity-Forwarded} mark a node puts on a request it forwards:
 * {@code origin=NAME;key=HASH;ts=MILLIS;sig=SIGNATURE}, where the signature is HMAC-SHA256 under the
 * cluster secret over the origin, the member it is sent to, the key's hash, the method, the request
 * target and the timestamp. A mark is valid only with the right signature, at the member it was
 * sent to, for the same request and key, within the allowed clock skew: one taken off a request
 * and replayed elsewhere or for another request is not honoured.
 */
public final class ForwardingMark {
    /** The header's name. */
    public static final String HEADER = "Affinity-Forwarded";
    private static final String ALGORITHM = "HmacSHA256";

    /** Initialised with the secret once; every signature is computed on a clone, which skips provider lookup and key setup. */
    private final Mac prototype;
    private final long maxSkewMillis;
    private final LongSupplier clock;

    /**
     * Marks signed and checked under {@code secret}, valid within {@code maxSkew} of {@code clock}
     * (milliseconds since the epoch).
     */
    public ForwardingMark(String secret, Duration maxSkew, LongSupplier clock) {
        try {
            this.prototype = Mac.getInstance(ALGORITHM);
            prototype.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            prototype.clone();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the HMAC-SHA256 provider cannot clone an initialised Mac", e);
        }
        this.maxSkewMillis = maxSkew.toMillis();
        this.clock = clock;
    }

    /** A mark for a request forwarded now by {@code origin} to {@code destination}. */
    public String sign(String origin, String destination, long keyHash, String method, String target) {
        return sign(origin, destination, keyHash, method, target, clock.getAsLong());
    }

    /** A mark with an explicit timestamp. */
    String sign(String origin, String destination, long keyHash, String method, String target, long timestamp) {
        String hash = hex(keyHash);
        return "origin=" + origin + ";key=" + hash + ";ts=" + timestamp + ";sig="
                + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(origin, destination, hash, method, target, timestamp));
    }

    /** {@code true} when {@code mark} was signed with this secret, for {@code self}, this request and key, recently. */
    public boolean isValid(String mark, String self, long keyHash, String method, String target) {
        return check(mark, self, keyHash, method, target, List.of()).outcome() == Outcome.VALID;
    }

    /**
     * Checks {@code mark} on a request received by {@code self}. When its signature does not hold
     * and its origin is {@code self}, the other {@code members} are tried as its destination: a
     * mark this node signed for another member, received here, means that member's URL reaches
     * this node.
     */
    Check check(String mark, String self, long keyHash, String method, String target, Iterable<String> members) {
        String[] fields = mark.split(";", -1);
        if (fields.length != 4 || !fields[0].startsWith("origin=") || !fields[1].startsWith("key=")
                || !fields[2].startsWith("ts=") || !fields[3].startsWith("sig=")) {
            return Check.MALFORMED;
        }
        String origin = fields[0].substring(7);
        String hash = fields[1].substring(4);
        long timestamp;
        byte[] signature;
        try {
            timestamp = Long.parseLong(fields[2].substring(3));
            signature = Base64.getUrlDecoder().decode(fields[3].substring(4));
        } catch (IllegalArgumentException e) {
            return Check.MALFORMED;
        }
        if (!MemberListParser.NAME.matcher(origin).matches()) {
            return Check.MALFORMED;
        }
        if (!hash.equals(hex(keyHash))) {
            return new Check(Outcome.OTHER_REQUEST, origin, null);
        }
        if (MessageDigest.isEqual(signature, mac(origin, self, hash, method, target, timestamp))) {
            long now = clock.getAsLong();
            boolean fresh = timestamp >= now - maxSkewMillis && timestamp <= now + maxSkewMillis;
            return new Check(fresh ? Outcome.VALID : Outcome.CLOCK_SKEW, origin, self);
        }
        if (origin.equals(self)) {
            for (String member : members) {
                if (!member.equals(self) && MessageDigest.isEqual(signature, mac(origin, member, hash, method, target, timestamp))) {
                    return new Check(Outcome.SENT_TO_OTHER_MEMBER, origin, member);
                }
            }
        }
        return new Check(Outcome.BAD_SIGNATURE, origin, null);
    }

    private byte[] mac(String origin, String destination, String hash, String method, String target, long timestamp) {
        String signed = "affinity-forwarded-v1\n" + origin + "\n" + destination + "\n" + hash + "\n" + method + "\n" + target + "\n" + timestamp;
        try {
            return ((Mac) prototype.clone()).doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the HMAC-SHA256 Mac could be cloned when the filter started", e);
        }
    }

    /** What checking a mark found. */
    enum Outcome {
        /** Signed with this secret for this node, this request and key, recently: honoured. */
        VALID,
        /** Not a mark at all. */
        MALFORMED,
        /** A mark for another key: taken off another request. */
        OTHER_REQUEST,
        /** Signed for this node and request, but its time is further from this node's clock than {@code forward.max-skew}. */
        CLOCK_SKEW,
        /** Signed with another secret, or for another member or request. */
        BAD_SIGNATURE,
        /** Signed by this node for another member: that member's URL reaches this node. */
        SENT_TO_OTHER_MEMBER
    }

    /**
     * The result of {@link #check}.
     *
     * @param outcome what was found
     * @param origin the origin the mark names, or {@code null} when malformed
     * @param destination the member it was signed for, when known
     */
    record Check(Outcome outcome, String origin, String destination) {
        static final Check MALFORMED = new Check(Outcome.MALFORMED, null, null);
    }

    private static String hex(long value) {
        String digits = Long.toHexString(value);
        return "0".repeat(16 - digits.length()) + digits;
    }
}
