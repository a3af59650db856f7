package dev.affinity.session;

import java.util.List;
import java.util.Map;

/**
 * A backup record whose metadata and values all passed authentication.
 *
 * @param mapKey the map key it was read under (the previous secret's, while a secret is rotated)
 * @param version the version of its last write
 * @param metadata its authenticated metadata
 * @param attributes each attribute's serialized value, decrypted but not yet deserialized
 * @param oversize attributes not opened because they are larger than {@code serialization.max-bytes}
 */
record OpenedRecord(String mapKey, long version, SessionMetadata metadata, Map<String, byte[]> attributes, List<String> oversize) {

    /** Whether the session had expired at {@code now}. */
    boolean expiredAt(long now) {
        return metadata.expiredAt(now);
    }
}
