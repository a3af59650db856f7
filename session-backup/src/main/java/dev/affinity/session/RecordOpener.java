package dev.affinity.session;

import dev.affinity.session.protection.BackupProtection;
import dev.affinity.session.protection.RecordAuthenticationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens a backup record read from the map: authenticates its metadata and every attribute value
 * before any of them is deserialized, and leaves unopened a value larger than
 * {@code serialization.max-bytes} (no node writes one).
 */
final class RecordOpener {
    private final BackupProtection protection;
    private final int maxAttributeBytes;

    RecordOpener(BackupProtection protection, int maxAttributeBytes) {
        this.protection = protection;
        this.maxAttributeBytes = maxAttributeBytes;
    }

    /**
     * The opened record.
     *
     * @throws RecordAuthenticationException when the metadata or any value fails authentication
     */
    OpenedRecord open(String mapKey, BackupRecord record) throws RecordAuthenticationException {
        SessionMetadata metadata;
        try {
            metadata = SessionMetadata.decode(protection.openMetadata(mapKey, record.metadata));
        } catch (IOException e) {
            throw new RecordAuthenticationException("the metadata cannot be read: " + e.getMessage());
        }
        Map<String, byte[]> attributes = new HashMap<>();
        List<String> oversize = new ArrayList<>();
        for (Map.Entry<String, byte[]> attribute : record.attributes.entrySet()) {
            byte[] sealed = attribute.getValue();
            if (sealed != null && sealed.length > maxAttributeBytes + BackupProtection.OVERHEAD) {
                oversize.add(attribute.getKey());
            } else {
                attributes.put(attribute.getKey(), protection.openValue(mapKey, attribute.getKey(), sealed));
            }
        }
        return new OpenedRecord(mapKey, record.version, metadata, attributes, oversize);
    }
}
