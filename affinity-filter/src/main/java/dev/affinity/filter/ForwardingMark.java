package dev.affinity.filter;

import dev.affinity.access.HmacSha256;
import dev.affinity.access.SignedHeader;
import dev.affinity.routing.MemberListParser;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;

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

    private static final HexFormat HEX = HexFormat.of();

    private final HmacSha256 hmac;
    private final long maxSkewMillis;
    private final LongSupplier clock;

    /**
     * Marks signed and checked under {@code secret}, valid within {@code maxSkew} of {@code clock}
     * (milliseconds since the epoch).
     */
    public ForwardingMark(String secret, Duration maxSkew, LongSupplier clock) {
        this.hmac = new HmacSha256(secret);
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
        return new SignedHeader(origin, hash, timestamp, mac(origin, destination, hash, method, target, timestamp)).format("origin", "key");
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
        SignedHeader signed = SignedHeader.parse(mark, "origin", "key").orElse(null);
        if (signed == null || !isName(signed.first())) {
            return Check.MALFORMED;
        }
        String origin = signed.first();
        String hash = signed.second();
        if (!hash.equals(hex(keyHash))) {
            return new Check(Outcome.OTHER_REQUEST, origin, null);
        }
        if (MessageDigest.isEqual(signed.signature(), mac(origin, self, hash, method, target, signed.timestamp()))) {
            boolean fresh = signed.freshAt(clock.getAsLong(), maxSkewMillis);
            return new Check(fresh ? Outcome.VALID : Outcome.CLOCK_SKEW, origin, self);
        }
        if (origin.equals(self)) {
            for (String member : members) {
                if (!member.equals(self)
                        && MessageDigest.isEqual(signed.signature(), mac(origin, member, hash, method, target, signed.timestamp()))) {
                    return new Check(Outcome.SENT_TO_OTHER_MEMBER, origin, member);
                }
            }
        }
        return new Check(Outcome.BAD_SIGNATURE, origin, null);
    }

    private byte[] mac(String origin, String destination, String hash, String method, String target, long timestamp) {
        return hmac.of("affinity-forwarded-v1\n" + origin + "\n" + destination + "\n" + hash + "\n" + method + "\n" + target + "\n" + timestamp);
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

    /** Whether {@code origin} is a member's name as {@link MemberListParser#NAME} has it, without a regular expression per request. */
    static boolean isName(String origin) {
        int length = origin.length();
        if (length < 1 || length > 64) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = origin.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static String hex(long value) {
        return HEX.toHexDigits(value);
    }
}
