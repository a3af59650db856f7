package dev.affinity.session.protection;

import dev.affinity.access.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys one farm secret yields, each derived with HKDF-SHA256 (RFC 5869) under a label of its
 * own, so knowing one tells nothing of the others or of the secret: the Hazelcast cluster name of
 * an embedded member configured without a file, the key of the backup map's keyed hashes of
 * session ids, and the base key from which each session's AES key is derived.
 */
public final class FarmKeys {
    private static final byte[] SALT = "dev.affinity.session-backup/v1".getBytes(StandardCharsets.US_ASCII);

    private final String clusterName;
    private final HmacSha256 mapKeys;
    private final HmacSha256 sessionKeys;

    private FarmKeys(byte[] secret) {
        byte[] root = new HmacSha256(SALT).of(secret);
        clusterName = "affinity-" + HexFormat.of().formatHex(expand(root, "hazelcast cluster name", 16));
        mapKeys = new HmacSha256(expand(root, "backup map keys", 32));
        sessionKeys = new HmacSha256(expand(root, "session value keys", 32));
        Arrays.fill(root, (byte) 0);
    }

    /** The keys of {@code secret} (the farm's {@code secret} setting). */
    public static FarmKeys derive(String secret) {
        return new FarmKeys(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The Hazelcast cluster name of members configured without a file: the same on every node of the farm, unknown elsewhere. */
    public String clusterName() {
        return clusterName;
    }

    /**
     * The backup map's key for a session: a keyed hash (HMAC-SHA256, URL-safe Base64) of the random
     * part of its id, so the map never holds an id and an id cannot be found in it without the secret.
     */
    public String mapKey(String sessionKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mapKeys.of(sessionKey));
    }

    /** The AES-256 key of the session stored under {@code mapKey}: every value of a session is sealed with a key of its own. */
    SecretKeySpec sessionKey(String mapKey) {
        return new SecretKeySpec(sessionKeys.of(mapKey), "AES");
    }

    private static byte[] expand(byte[] root, String label, int length) {
        byte[] info = label.getBytes(StandardCharsets.US_ASCII);
        byte[] input = Arrays.copyOf(info, info.length + 1);
        input[info.length] = 1;
        return Arrays.copyOf(new HmacSha256(root).of(input), length);
    }
}
