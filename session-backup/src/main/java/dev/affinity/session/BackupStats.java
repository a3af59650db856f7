package dev.affinity.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Counters of the backup traffic and of failover, shown by the status JSON and read by the
 * meters; the time each acknowledged write took is handed on to whoever listens (the write timer).
 */
public final class BackupStats {
    final AtomicLong writes = new AtomicLong();
    final AtomicLong attributesWritten = new AtomicLong();
    final AtomicLong attributeBytesWritten = new AtomicLong();
    final AtomicLong failedWrites = new AtomicLong();
    final AtomicLong staleWrites = new AtomicLong();
    final AtomicLong replicaWaits = new AtomicLong();
    final AtomicLong droppedCopies = new AtomicLong();
    final AtomicLong refusedChanges = new AtomicLong();
    final AtomicLong droppedFromQueue = new AtomicLong();
    final AtomicLong restored = new AtomicLong();
    final AtomicLong refusedAttributes = new AtomicLong();
    final AtomicLong unauthenticRecords = new AtomicLong();
    final AtomicLong unreadableRecords = new AtomicLong();
    final AtomicLong refusedSessions = new AtomicLong();
    private volatile LongConsumer writeTimes = nanos -> { };

    /** Delta writes acknowledged by Hazelcast. */
    public long writes() {
        return writes.get();
    }

    /** Attribute values carried by acknowledged writes. */
    public long attributesWritten() {
        return attributesWritten.get();
    }

    /** Attribute bytes carried by acknowledged writes. */
    public long attributeBytesWritten() {
        return attributeBytesWritten.get();
    }

    /** Writes refused because another node had written a newer version. */
    public long staleWrites() {
        return staleWrites.get();
    }

    /** Write attempts sent again later because their partition had no backup replica yet (a member had just joined or left). */
    public long replicaWaits() {
        return replicaWaits.get();
    }

    /** Copies of sessions dropped: written elsewhere since, or their changes not backed up. */
    public long droppedCopies() {
        return droppedCopies.get();
    }

    /** Responses turned into {@code 503}: their session changes could not be backed up (sync mode). */
    public long refusedChanges() {
        return refusedChanges.get();
    }

    /** A front door dropped a live copy (counted in {@link #droppedCopies()}). */
    public void copyDropped() {
        droppedCopies.incrementAndGet();
    }

    /** A front door turned a response into a {@code 503} (counted in {@link #refusedChanges()}). */
    public void changeRefused() {
        refusedChanges.incrementAndGet();
    }

    /** Sessions restored from the backup. */
    public long restored() {
        return restored.get();
    }

    /** Attributes dropped on restore because their class was refused or they were too large. */
    public long refusedAttributes() {
        return refusedAttributes.get();
    }

    /** Backup records refused unread because they failed authentication (forged, moved or sealed with another secret). */
    public long unauthenticRecords() {
        return unauthenticRecords.get();
    }

    /** Backup records that could not be restored because decoding them raised an {@link Error}. */
    public long unreadableRecords() {
        return unreadableRecords.get();
    }

    /** New sessions refused because this node held {@code max-sessions}. */
    public long refusedSessions() {
        return refusedSessions.get();
    }

    /** An acknowledged write took {@code nanos}. */
    void writeTook(long nanos) {
        writeTimes.accept(nanos);
    }

    /** Hands the time of each acknowledged write from now on to {@code listener}. */
    void timeWritesWith(LongConsumer listener) {
        writeTimes = listener;
    }

    Map<String, Long> asMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("writes", writes.get());
        map.put("attributesWritten", attributesWritten.get());
        map.put("attributeBytesWritten", attributeBytesWritten.get());
        map.put("failedWrites", failedWrites.get());
        map.put("staleWrites", staleWrites.get());
        map.put("replicaWaits", replicaWaits.get());
        map.put("droppedCopies", droppedCopies.get());
        map.put("refusedChanges", refusedChanges.get());
        map.put("droppedFromQueue", droppedFromQueue.get());
        map.put("restored", restored.get());
        map.put("refusedAttributes", refusedAttributes.get());
        map.put("unauthenticRecords", unauthenticRecords.get());
        map.put("unreadableRecords", unreadableRecords.get());
        map.put("refusedSessions", refusedSessions.get());
        return map;
    }
}
