package dev.affinity.session;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Backups as plain {@code byte[]} entries, for clusters whose members do not have this jar: the
 * session's metadata under its map key and each attribute's sealed value under {@code key/name}. A write takes the
 * session key's lock (bounded), checks the version rule of {@link ApplyDelta} against the
 * metadata, then sets the changed attributes, deletes the removed ones and writes the metadata,
 * each with the session's time to live. Untouched attribute entries live twice as long and are
 * renewed when half of that has passed, so they always outlive the metadata.
 */
final class MapOperationsStore implements BackupStore {
    private static final int FORMAT = 3;

    private final LazyMap<byte[]> map;

    MapOperationsStore(HazelcastInstance instance, String name) {
        this.map = new LazyMap<>(instance, name);
    }

    private IMap<String, byte[]> map() {
        return map.get();
    }

    @Override
    public long apply(String key, ApplyDelta delta, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        IMap<String, byte[]> m = map();
        if (!m.tryLock(key, timeout.toMillis(), TimeUnit.MILLISECONDS, timeout.toMillis() * 2, TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("the lock of session " + key + " was not free within " + timeout);
        }
        try {
            Meta current = Meta.decode(m.getAsync(key).toCompletableFuture().get(left(deadline), TimeUnit.MILLISECONDS));
            long outcome = delta.check(current == null ? null : current.record);
            if (outcome < 0) {
                return outcome;
            }
            List<CompletableFuture<?>> writes = new ArrayList<>();
            if (delta.isDelete()) {
                if (current != null) {
                    current.record.attributes.keySet().forEach(n -> writes.add(m.deleteAsync(attributeKey(key, n)).toCompletableFuture()));
                    writes.add(m.deleteAsync(key).toCompletableFuture());
                }
                await(writes, deadline);
                return 0L;
            }
            Set<String> before = current == null ? Set.of() : Set.copyOf(current.record.attributes.keySet());
            long renewedAt = current == null ? System.currentTimeMillis() : current.attributesRenewedAt;
            BackupRecord next = delta.applyTo(current == null ? null : current.record);
            long ttl = delta.ttlSeconds();
            long attributeTtl = ttl * 2;
            delta.set().forEach((n, bytes) -> writes.add(
                    m.setAsync(attributeKey(key, n), bytes, attributeTtl, TimeUnit.SECONDS).toCompletableFuture()));
            delta.removed().stream().filter(before::contains)
                    .forEach(n -> writes.add(m.deleteAsync(attributeKey(key, n)).toCompletableFuture()));
            await(writes, deadline);
            if (System.currentTimeMillis() - renewedAt > ttl * 500L) {
                for (String untouched : before) {
                    if (!delta.set().containsKey(untouched) && next.attributes.containsKey(untouched)) {
                        m.setTtl(attributeKey(key, untouched), attributeTtl, TimeUnit.SECONDS);
                    }
                }
                renewedAt = System.currentTimeMillis();
            }
            m.setAsync(key, new Meta(next, renewedAt).encode(), ttl, TimeUnit.SECONDS).toCompletableFuture()
                    .get(left(deadline), TimeUnit.MILLISECONDS);
            return next.version;
        } finally {
            m.unlock(key);
        }
    }

    @Override
    public BackupRecord read(String key, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        IMap<String, byte[]> m = map();
        Meta meta = Meta.decode(m.getAsync(key).toCompletableFuture().get(left(deadline), TimeUnit.MILLISECONDS));
        if (meta == null) {
            return null;
        }
        BackupRecord record = meta.record;
        List<String> names = List.copyOf(record.attributes.keySet());
        record.attributes.clear();
        List<CompletableFuture<byte[]>> values = new ArrayList<>();
        names.forEach(n -> values.add(m.getAsync(attributeKey(key, n)).toCompletableFuture()));
        for (int i = 0; i < names.size(); i++) {
            byte[] value = values.get(i).get(left(deadline), TimeUnit.MILLISECONDS);
            if (value != null) {
                record.attributes.put(names.get(i), value);
            }
        }
        return record;
    }

    /** Only metadata entries travel (attribute entries are selected out on the members), with their values, read here. */
    @Override
    public Runnable onOtherWriters(String writer, Consumer<String> written) {
        return map.listen(new OtherWriters(value -> value instanceof byte[] bytes && !writer.equals(stampOf(bytes).writer()), written),
                Predicates.not(Predicates.like("__key", "%/%")), true);
    }

    /**
     * None: a session is several entries here, each expiring on its own, so no one entry's expiry
     * stands for the session's (the nodes' own idle check and the entries' time to live clean up).
     */
    @Override
    public Runnable onLocalExpiry(BiConsumer<String, BackupRecord> expired) {
        return () -> { };
    }

    /** The write stamp of a metadata entry. */
    private static WriteStamp stampOf(byte[] meta) {
        return Meta.decode(meta).record.stamp();
    }

    private static String attributeKey(String key, String attribute) {
        return key + "/" + attribute;
    }

    private static long left(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static void await(List<CompletableFuture<?>> writes, long deadline) throws Exception {
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(left(deadline), TimeUnit.MILLISECONDS);
    }

    /** A session's metadata entry: the record without attribute values, and when its attributes' lives were last renewed. */
    private record Meta(BackupRecord record, long attributesRenewedAt) {

        static Meta decode(byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                if (in.readInt() != FORMAT) {
                    throw new IOException("unknown session metadata format");
                }
                BackupRecord record = new BackupRecord();
                record.version = in.readLong();
                record.writer = in.readUTF();
                record.copy = in.readLong();
                record.route = in.readUTF();
                record.creationTime = in.readLong();
                record.lastAccessedTime = in.readLong();
                record.maxInactiveSeconds = in.readInt();
                record.metadata = in.readNBytes(in.readInt());
                long renewedAt = in.readLong();
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    record.attributes.put(in.readUTF(), null);
                }
                return new Meta(record, renewedAt);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(FORMAT);
                out.writeLong(record.version);
                out.writeUTF(record.writer);
                out.writeLong(record.copy);
                out.writeUTF(record.route);
                out.writeLong(record.creationTime);
                out.writeLong(record.lastAccessedTime);
                out.writeInt(record.maxInactiveSeconds);
                out.writeInt(record.metadata.length);
                out.write(record.metadata);
                out.writeLong(attributesRenewedAt);
                out.writeInt(record.attributes.size());
                for (Map.Entry<String, byte[]> attribute : record.attributes.entrySet()) {
                    out.writeUTF(attribute.getKey());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }
}
