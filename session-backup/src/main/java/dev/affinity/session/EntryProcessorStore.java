package dev.affinity.session;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.query.Predicates;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

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

    /** Selected on the members (which have this jar): only the keys of other writers' entries travel. */
    @Override
    public Runnable onOtherWriters(String writer, Consumer<String> written) {
        return map.listen(new OtherWriters(value -> true, written), Predicates.notEqual("writer", writer), false);
    }

    @Override
    public Runnable onLocalExpiry(BiConsumer<String, BackupRecord> expired) {
        UUID registration = map().addLocalEntryListener((EntryExpiredListener<String, BackupRecord>) event ->
                expired.accept(event.getKey(), event.getOldValue() != null ? event.getOldValue() : event.getValue()),
                Predicates.alwaysTrue(), true);
        return () -> map().removeEntryListener(registration);
    }

    @Override
    public BackupRecord read(String key, Duration timeout) throws Exception {
        return map().getAsync(key).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
