package dev.affinity.access;

import java.util.Base64;
import java.util.Optional;

/**
 * A header signed under the farm secret, as the toolkit's admin and forwarding headers are: two
 * named fields, a timestamp and a signature, {@code FIRST=...;SECOND=...;ts=MILLIS;sig=BASE64URL}.
 * What the fields mean and what the signature covers is the caller's; this reads and writes the
 * form and says whether the timestamp is fresh.
 *
 * @param first the first field's value
 * @param second the second field's value
 * @param timestamp milliseconds since the epoch when it was signed
 * @param signature the signature's bytes
 */
public record SignedHeader(String first, String second, long timestamp, byte[] signature) {

    /** The header's text, its fields named {@code firstName} and {@code secondName}. */
    public String format(String firstName, String secondName) {
        return firstName + "=" + first + ";" + secondName + "=" + second + ";ts=" + timestamp + ";sig="
                + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    /** {@code header} read with fields named {@code firstName} and {@code secondName}; empty when it is not of that form. */
    public static Optional<SignedHeader> parse(String header, String firstName, String secondName) {
        if (header == null) {
            return Optional.empty();
        }
        String[] fields = header.split(";", -1);
        String firstPrefix = firstName + "=";
        String secondPrefix = secondName + "=";
        if (fields.length != 4 || !fields[0].startsWith(firstPrefix) || !fields[1].startsWith(secondPrefix)
                || !fields[2].startsWith("ts=") || !fields[3].startsWith("sig=")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SignedHeader(fields[0].substring(firstPrefix.length()), fields[1].substring(secondPrefix.length()),
                    Long.parseLong(fields[2].substring(3)), Base64.getUrlDecoder().decode(fields[3].substring(4))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether it was signed within {@code maxSkewMillis} of {@code now}, either way. */
    public boolean freshAt(long now, long maxSkewMillis) {
        return timestamp >= now - maxSkewMillis && timestamp <= now + maxSkewMillis;
    }
}
