package dev.affinity.session.protection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals what the backup map holds under keys derived from the farm secret, so that whoever reaches
 * the map (a Hazelcast client or member that knows the cluster name) reads no session id and no
 * attribute value, and cannot forge or move a record. Each value is sealed on its own (so deltas
 * stay deltas) with AES-256-GCM under its session's own key, a fresh 96-bit nonce, and the value's
 * label (attribute name, or metadata) as associated data: a value moved to another attribute or to
 * another session fails authentication. Map keys are keyed hashes of the ids' random parts.
 * Rotation: values and map keys of a previous secret are still read; everything is written with
 * the current one.
 *
 * <p>Sealed form: one format byte, the 12-byte nonce, the ciphertext and its 16-byte tag.
 */
public final class BackupProtection {
    /** The bytes sealing adds to a value. */
    public static final int OVERHEAD = 1 + 12 + 16;
    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom NONCES = new SecureRandom();
    /** Looking a cipher up costs more than using it: each thread keeps one, initialised afresh for every value. */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(BackupProtection::newCipher);

    private final FarmKeys current;
    private final Optional<FarmKeys> previous;

    /** Protection under {@code current}, also reading what {@code previous} sealed. */
    public BackupProtection(FarmKeys current, Optional<FarmKeys> previous) {
        this.current = current;
        this.previous = previous;
    }

    /** Protection under the secret {@code secret}, also reading what {@code previous} sealed. */
    public static BackupProtection of(String secret, Optional<String> previous) {
        return new BackupProtection(FarmKeys.derive(secret), previous.map(FarmKeys::derive));
    }

    /** The map key a session is written under. */
    public String mapKey(String sessionKey) {
        return current.mapKey(sessionKey);
    }

    /** The map keys a session is looked up under: the current one first, then the previous secret's. */
    public List<String> mapKeys(String sessionKey) {
        List<String> keys = new ArrayList<>(List.of(current.mapKey(sessionKey)));
        previous.ifPresent(p -> keys.add(p.mapKey(sessionKey)));
        return keys;
    }

    /** Attribute {@code name}'s value bytes, sealed for the session under {@code mapKey}. */
    public byte[] sealValue(String mapKey, String name, byte[] plain) {
        return seal(mapKey, valueLabel(name), plain);
    }

    /** The value bytes of attribute {@code name} of the session under {@code mapKey}. */
    public byte[] openValue(String mapKey, String name, byte[] sealed) throws RecordAuthenticationException {
        return open(mapKey, valueLabel(name), sealed);
    }

    /** A session's metadata bytes, sealed for the session under {@code mapKey}. */
    public byte[] sealMetadata(String mapKey, byte[] plain) {
        return seal(mapKey, "m", plain);
    }

    /** The metadata bytes of the session under {@code mapKey}. */
    public byte[] openMetadata(String mapKey, byte[] sealed) throws RecordAuthenticationException {
        return open(mapKey, "m", sealed);
    }

    private static String valueLabel(String name) {
        return "a" + name;
    }

    private byte[] seal(String mapKey, String label, byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        NONCES.nextBytes(nonce);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, current.sessionKey(mapKey), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(label.getBytes(StandardCharsets.UTF_8));
            ByteBuffer sealed = ByteBuffer.allocate(1 + NONCE_BYTES + cipher.getOutputSize(plain.length));
            sealed.put(FORMAT).put(nonce);
            cipher.doFinal(ByteBuffer.wrap(plain), sealed);
            return sealed.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java runtime", e);
        }
    }

    private byte[] open(String mapKey, String label, byte[] sealed) throws RecordAuthenticationException {
        if (sealed == null || sealed.length < OVERHEAD || sealed[0] != FORMAT) {
            throw new RecordAuthenticationException("not a sealed value");
        }
        byte[] plain = tryOpen(current, mapKey, label, sealed);
        if (plain == null && previous.isPresent()) {
            plain = tryOpen(previous.get(), mapKey, label, sealed);
        }
        if (plain == null) {
            throw new RecordAuthenticationException("authentication failed (forged, moved, or sealed with another secret)");
        }
        return plain;
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java runtime", e);
        }
    }

    private static byte[] tryOpen(FarmKeys keys, String mapKey, String label, byte[] sealed) {
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, keys.sessionKey(mapKey), new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(label.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java runtime", e);
        }
    }
}
