package dev.affinity.session;

import com.hazelcast.instance.impl.Node;
import com.hazelcast.internal.services.NodeAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Applies one session delta on the member that owns the entry, only if the entry is still at the
 * version the writer last saw, or newer only by later writes of the same live copy of the session
 * (a write whose acknowledgement timed out may still have been applied; a copy restored afresh, even
 * on the same node, is another copy): the attributes set or removed, the metadata, a version one higher
 * and the entry's time to live (the session's max inactive interval plus {@link #GRACE_SECONDS},
 * renewed by every write, so the node holding a session expires it before the map does).
 * Deletes the entry instead when the session is gone. Returns the new version, {@code 0} after a
 * delete, {@link #STALE} when a newer write (another node's) is already there, {@link #MISSING}
 * when the entry the writer built on is gone (the cluster lost it), so the writer sends the whole
 * session again, or {@link #AWAITING_REPLICA}, having written nothing, while the partition has no
 * backup replica yet though another member is there to hold one ({@link BackupReplica}). Members
 * copy attribute bytes without deserializing them. Travels as Hazelcast {@code DataSerializable} (its
 * fields, no Java serialization class descriptors), to the owner and again to the backup.
 */
public final class ApplyDelta implements EntryProcessor<String, BackupRecord, Long>, DataSerializable, NodeAware {
    /** The answer when the entry is newer than the writer's copy. */
    public static final long STALE = -1;
    /** The answer when the entry this delta builds on no longer exists. */
    public static final long MISSING = -2;
    /** The answer, nothing written, while the entry's partition waits for its backup replica. */
    public static final long AWAITING_REPLICA = -3;
    /** How much longer an entry lives than its session's max inactive interval. */
    public static final int GRACE_SECONDS = 60;
    private static final long serialVersionUID = 1L;

    private long baseVersion;
    private String writer;
    private long copy;
    private boolean delete;
    private String route;
    private long creationTime;
    private long lastAccessedTime;
    private int maxInactiveSeconds;
    private byte[] metadata;
    private HashMap<String, byte[]> set;
    private List<String> removed;
    private transient Node node;

    /** For Hazelcast, which reads the fields with {@link #readData}. */
    public ApplyDelta() {
    }

    ApplyDelta(long baseVersion, String writer, long copy, boolean delete, String route, long creationTime, long lastAccessedTime,
               int maxInactiveSeconds, byte[] metadata, Map<String, byte[]> set, List<String> removed) {
        this.baseVersion = baseVersion;
        this.writer = writer;
        this.copy = copy;
        this.delete = delete;
        this.route = route;
        this.creationTime = creationTime;
        this.lastAccessedTime = lastAccessedTime;
        this.maxInactiveSeconds = maxInactiveSeconds;
        this.metadata = metadata;
        this.set = new HashMap<>(set);
        this.removed = List.copyOf(removed);
    }

    @Override
    public Long process(Map.Entry<String, BackupRecord> entry) {
        BackupRecord record = entry.getValue();
        long outcome = check(record);
        if (outcome < 0) {
            return outcome;
        }
        if (node != null && BackupReplica.awaited(node, entry.getKey())) {
            return AWAITING_REPLICA;
        }
        if (delete) {
            if (record != null) {
                entry.setValue(null);
            }
            return 0L;
        }
        BackupRecord next = applyTo(record);
        ((ExtendedMapEntry<String, BackupRecord>) entry).setValue(next, ttlSeconds(), TimeUnit.SECONDS);
        return next.version;
    }

    /** Given by Hazelcast on the member before {@link #process}: where {@link BackupReplica} reads the partition table. */
    @Override
    public void setNode(Node node) {
        this.node = node;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(baseVersion);
        out.writeString(writer);
        out.writeLong(copy);
        out.writeBoolean(delete);
        out.writeString(route);
        out.writeLong(creationTime);
        out.writeLong(lastAccessedTime);
        out.writeInt(maxInactiveSeconds);
        out.writeByteArray(metadata);
        BackupRecord.writeValues(out, set);
        out.writeInt(removed.size());
        for (String name : removed) {
            out.writeString(name);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        baseVersion = in.readLong();
        writer = in.readString();
        copy = in.readLong();
        delete = in.readBoolean();
        route = in.readString();
        creationTime = in.readLong();
        lastAccessedTime = in.readLong();
        maxInactiveSeconds = in.readInt();
        metadata = in.readByteArray();
        set = new HashMap<>();
        BackupRecord.readValues(in, set);
        int count = BackupRecord.count(in);
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(in.readString());
        }
        removed = List.copyOf(names);
    }

    /**
     * What this delta does to {@code record} (null when there is none): {@link #STALE},
     * {@link #MISSING}, {@code 0} for a delete, or the version it writes.
     */
    long check(BackupRecord record) {
        long current = record == null ? 0 : record.version;
        boolean ownLaterWrite = record != null && current > baseVersion && record.stamp().sameCopy(writer, copy);
        if (current != baseVersion && !ownLaterWrite) {
            if (record == null) {
                return delete ? 0L : MISSING;
            }
            return STALE;
        }
        return delete ? 0L : current + 1;
    }

    /** {@code record} (or a new one) with this delta applied, one version higher; after a positive {@link #check}. */
    BackupRecord applyTo(BackupRecord record) {
        BackupRecord next = record == null ? new BackupRecord() : record;
        next.version = (record == null ? 0 : record.version) + 1;
        next.writer = writer;
        next.copy = copy;
        next.route = route;
        next.creationTime = creationTime;
        next.lastAccessedTime = lastAccessedTime;
        next.maxInactiveSeconds = maxInactiveSeconds;
        next.metadata = metadata;
        next.attributes.putAll(set);
        removed.forEach(next.attributes::remove);
        return next;
    }

    /** The entry's time to live after this write. */
    long ttlSeconds() {
        return maxInactiveSeconds > 0 ? maxInactiveSeconds + (long) GRACE_SECONDS : Integer.MAX_VALUE;
    }

    boolean isDelete() {
        return delete;
    }

    /** The attribute values this delta sets. */
    Map<String, byte[]> set() {
        return set;
    }

    /** The attributes this delta removes. */
    List<String> removed() {
        return removed;
    }

    /** The number of attribute values this delta carries. */
    int attributeCount() {
        return set.size();
    }

    /** The number of attribute bytes this delta carries. */
    long attributeBytes() {
        return set.values().stream().mapToLong(b -> b.length).sum();
    }
}
