package dev.affinity.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.Map;

/** Backup records built by hand, as if another node (or an attacker with map access) had written them. */
final class TestRecords {
    private TestRecords() {
    }

    static BackupRecord record(String route, long version, int maxInactiveSeconds, Map<String, byte[]> attributes) {
        BackupRecord record = new BackupRecord();
        record.version = version;
        record.route = route;
        record.creationTime = System.currentTimeMillis();
        record.lastAccessedTime = record.creationTime;
        record.maxInactiveSeconds = maxInactiveSeconds;
        record.attributes.putAll(attributes);
        return record;
    }

    static byte[] serialized(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }
}
