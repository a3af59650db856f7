package dev.affinity.session;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Backups as one {@link BackupRecord} per session, deltas applied on the owning member by
 * {@link ApplyDelta}: one network round trip per write, only the delta's bytes sent. The members
 * need this jar on their class path (never the webapp's classes). The map is obtained on first
 * use: a client that started without the cluster cannot create its proxy yet.
 */
final class EntryProcessorStore implements BackupStore {
    private final HazelcastInstance instance;
    private final String name;
    private volatile IMap<String, BackupRecord> map;

    EntryProcessorStore(HazelcastInstance instance, String name) {
        this.instance = instance;
        this.name = name;
    }

    /** The map; throws while Hazelcast is unreachable. */
    IMap<String, BackupRecord> map() {
        IMap<String, BackupRecord> current = map;
        if (current == null) {
            current = instance.getMap(name);
            map = current;
        }
        return current;
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
