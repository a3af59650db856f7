package dev.affinity.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one secret. The {@link Mac} is initialised once; each signature is computed on
 * a clone, which skips the provider lookup and the key setup. Safe for concurrent use.
 */
public final class HmacSha256 {
    private static final String ALGORITHM = "HmacSHA256";
    private final Mac prototype;

    /** Signatures under {@code secret} (its UTF-8 bytes). */
    public HmacSha256(String secret) {
        this(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Signatures under {@code key}. */
    public HmacSha256(byte[] key) {
        try {
            this.prototype = Mac.getInstance(ALGORITHM);
            prototype.init(new SecretKeySpec(key, ALGORITHM));
            prototype.clone();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the HMAC-SHA256 provider cannot clone an initialised Mac", e);
        }
    }

    /** The signature of {@code text}'s UTF-8 bytes. */
    public byte[] of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The signature of {@code data}. */
    public byte[] of(byte[] data) {
        try {
            return ((Mac) prototype.clone()).doFinal(data);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the HMAC-SHA256 Mac could be cloned when it was set up", e);
        }
    }
}
