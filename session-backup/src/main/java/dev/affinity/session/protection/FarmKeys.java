package dev.affinity.session.protection;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys one farm secret yields, each derived with HKDF-SHA256 (RFC 5869) under a label of its
 * own, so knowing one tells nothing of the others or of the secret: the Hazelcast cluster name of
 * an embedded member configured without a file, the key of the backup map's keyed hashes of
 * session ids, and the base key from which each session's AES key is derived.
 */
public final class FarmKeys {
    private static final String HMAC = "HmacSHA256";
    private static final byte[] SALT = "dev.affinity.session-backup/v1".getBytes(StandardCharsets.US_ASCII);

    private final String clusterName;
    private final Mac mapKeys;
    private final Mac sessionKeys;

    private FarmKeys(byte[] secret) {
        byte[] root = hmac(SALT, secret);
        clusterName = "affinity-" + HexFormat.of().formatHex(expand(root, "hazelcast cluster name", 16));
        mapKeys = initialised(expand(root, "backup map keys", 32));
        sessionKeys = initialised(expand(root, "session value keys", 32));
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
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(mapKeys, sessionKey.getBytes(StandardCharsets.UTF_8)));
    }

    /** The AES-256 key of the session stored under {@code mapKey}: every value of a session is sealed with a key of its own. */
    SecretKeySpec sessionKey(String mapKey) {
        return new SecretKeySpec(mac(sessionKeys, mapKey.getBytes(StandardCharsets.UTF_8)), "AES");
    }

    private static byte[] expand(byte[] root, String label, int length) {
        byte[] info = label.getBytes(StandardCharsets.US_ASCII);
        byte[] input = Arrays.copyOf(info, info.length + 1);
        input[info.length] = 1;
        return Arrays.copyOf(hmac(root, input), length);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        return mac(initialised(key), data);
    }

    private static Mac initialised(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is required of every Java runtime", e);
        }
    }

    /** One MAC computed on a clone of an initialised prototype, which is thread-safe and skips the key set-up. */
    private static byte[] mac(Mac prototype, byte[] data) {
        try {
            return ((Mac) prototype.clone()).doFinal(data);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the HMAC-SHA256 provider cannot clone an initialised Mac", e);
        }
    }
}
