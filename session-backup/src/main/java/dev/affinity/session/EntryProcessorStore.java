package dev.affinity.session;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Backups as one {@link BackupRecord} per session, deltas applied on the owning member by
 * {@link ApplyDelta}: one network round trip per write, only the delta's bytes sent. The members
 * need this jar on their class path (never the webapp's classes).
 */
final class EntryProcessorStore implements BackupStore {
    private final LazyMap<BackupRecord> map;

    EntryProcessorStore(HazelcastInstance instance, String name) {
        this.map = new LazyMap<>(instance, name);
    }

    /** The map; throws while Hazelcast is unreachable. */
    IMap<String, BackupRecord> map() {
        return map.get();
    }

    @Override
    public long apply(String key, ApplyDelta delta, Duration timeout) throws Exception {
        return map().submitToKey(key, delta).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public BackupRecord read(String key, Duration timeout) throws Exception {
        return map().getAsync(key).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
