package dev.affinity.session;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.affinity.session.protection.BackupProtection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Backup records built by hand, as if another node (or someone with map access) had written them. */
final class TestRecords {
    private TestRecords() {
    }

    /** The backup map of the embedded member that {@code memberConfig} starts (for route {@code route}) in this JVM, read as any map client reads it. */
    static IMap<String, BackupRecord> backupMap(Path memberConfig, String route, ClassLoader loader) {
        HazelcastInstance instance = SharedHazelcast.acquire(new HazelcastSettings(HazelcastMode.EMBEDDED, memberConfig),
                route, Optional.empty(), loader);
        SharedHazelcast.release(instance);
        return instance.getMap("affinity-sessions");
    }

    /** What the nodes given farm secret {@code secret} (and no previous one) seal their backups with. */
    static BackupProtection protection(String secret) {
        return BackupProtection.of(secret, Optional.empty());
    }

    /** A record of session {@code sessionKey} with these serialized values, sealed as a node of the farm of {@code protection} seals it. */
    static BackupRecord sealed(BackupProtection protection, String sessionKey, String route, long version, int maxInactiveSeconds,
                               Map<String, byte[]> values) {
        String mapKey = protection.mapKey(sessionKey);
        BackupRecord record = unsealed(route, version, maxInactiveSeconds, Map.of());
        record.metadata = protection.sealMetadata(mapKey,
                new SessionMetadata(sessionKey, route, record.creationTime, record.lastAccessedTime, maxInactiveSeconds).encode());
        values.forEach((name, bytes) -> record.attributes.put(name, protection.sealValue(mapKey, name, bytes)));
        return record;
    }

    /** A record with plain values and no sealed metadata, as someone without the farm secret can write it. */
    static BackupRecord unsealed(String route, long version, int maxInactiveSeconds, Map<String, byte[]> values) {
        BackupRecord record = new BackupRecord();
        record.version = version;
        record.route = route;
        record.creationTime = System.currentTimeMillis();
        record.lastAccessedTime = record.creationTime;
        record.maxInactiveSeconds = maxInactiveSeconds;
        record.attributes.putAll(values);
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
