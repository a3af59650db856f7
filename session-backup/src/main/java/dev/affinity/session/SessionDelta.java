package dev.affinity.session;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The one owner of what one live copy of a session has changed since its last backup write and of
 * what the backup holds of it as far as this node knows. Requests record their changes here
 * ({@link #set}, {@link #read}, {@link #metadataChanged}); a write {@link #take}s them, and once the
 * store answered either {@link #committed} them (keeping the new version and the digest of each
 * value written) or {@link #requeue}s them for the next write.
 *
 * <p>Each copy has a number of its own, which its writes carry, so a copy restored afresh never
 * builds on an older copy's unacknowledged write; it also remembers the key of an entry to delete
 * after {@code changeSessionId()}. A copy is {@linkplain #drop() dropped} once another copy replaced
 * it (its changes can no longer be backed up) and {@linkplain #suspect() suspect} while another
 * node may have written the session since (it is checked against the backup before it is used
 * again). Changes are recorded from any thread; the version, digests and moved entry are guarded
 * by this instance's monitor, which also orders the session's writes.
 */
public final class SessionDelta {
    private static final AtomicLong COPIES = new AtomicLong();
    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Integer.class, Long.class, Short.class,
            Byte.class, Double.class, Float.class, Boolean.class, Character.class, BigInteger.class, BigDecimal.class,
            UUID.class, URI.class);

    private final long copy = COPIES.incrementAndGet();
    /** Attribute name to whether it was set or removed (true) or only read (false) since the last write. */
    private final Map<String, Boolean> dirty = new ConcurrentHashMap<>();
    private final AtomicBoolean metadataDirty = new AtomicBoolean(true);
    private final Map<String, byte[]> digests = new HashMap<>();
    private volatile long writtenAccessTime;
    private volatile long version;
    private String movedFrom;
    private long movedFromVersion;
    private volatile boolean dropped;
    private volatile boolean suspect;

    /** The changes one write takes: each attribute name to whether it must be written (set or removed), and whether the metadata must. */
    record Changes(Map<String, Boolean> names, boolean metadata) {
        boolean isEmpty() {
            return names.isEmpty() && !metadata;
        }
    }

    /** An attribute was set or removed. */
    public void set(String name) {
        dirty.put(name, Boolean.TRUE);
    }

    /** A mutable attribute was read: written only if its bytes changed (under {@link DirtyPolicy#READ_CHANGED}). */
    public void read(String name) {
        dirty.putIfAbsent(name, Boolean.FALSE);
    }

    /** The attribute {@code name} was read and found to be {@code value}: recorded as {@link #read(String)} when the value may be mutated in place. */
    public void read(String name, Object value) {
        if (value != null && !isImmutable(value)) {
            read(name);
        }
    }

    private static boolean isImmutable(Object value) {
        return IMMUTABLE.contains(value.getClass()) || value instanceof Enum<?>
                || (value instanceof TemporalAccessor && value.getClass().getName().startsWith("java.time."));
    }

    /** The max inactive interval or the id changed. */
    public void metadataChanged() {
        metadataDirty.set(true);
    }

    /** Marks {@code names} and the metadata for the next write (the backup must be written whole). */
    void all(Set<String> names) {
        names.forEach(this::set);
        metadataChanged();
    }

    /** Whether a change waits to be written. */
    public boolean pending() {
        return !dirty.isEmpty();
    }

    /**
     * Takes the changes recorded since the last write. The metadata goes with them when it changed or
     * when the access the backup holds ({@code lastAccessedTime} of a session idle after
     * {@code maxInactiveSeconds}) has grown older than the touch interval: a quarter of the max
     * inactive interval, at most half of the map entry's grace, so the entry (whose time to live
     * each write renews to the interval plus the grace) never expires before the live session.
     */
    Changes take(long lastAccessedTime, int maxInactiveSeconds) {
        Map<String, Boolean> taken = new HashMap<>();
        for (String name : Set.copyOf(dirty.keySet())) {
            Boolean forced = dirty.remove(name);
            if (forced != null) {
                taken.put(name, forced);
            }
        }
        long grace = ApplyDelta.GRACE_SECONDS * 1000L / 2;
        long touch = maxInactiveSeconds <= 0 ? grace : Math.min(grace, maxInactiveSeconds * 1000L / 4);
        boolean metadata = metadataDirty.getAndSet(false) | lastAccessedTime - writtenAccessTime >= touch;
        return new Changes(taken, metadata);
    }

    /** The last access that a write now under way carries to the backup. */
    void accessWritten(long accessTime) {
        writtenAccessTime = accessTime;
    }

    /** Whether {@code digest} is that of the value last written for {@code name}. */
    synchronized boolean unchanged(String name, byte[] digest) {
        return Arrays.equals(digest, digests.get(name));
    }

    /**
     * The store acknowledged the write of {@code changes} at {@code newVersion}: the digests of the
     * values written are kept, those of the attributes no longer {@code present} forgotten.
     */
    synchronized void committed(long newVersion, Changes changes, Map<String, byte[]> written, Predicate<String> present) {
        version = newVersion;
        digests.putAll(written);
        changes.names().keySet().forEach(name -> {
            if (!present.test(name)) {
                digests.remove(name);
            }
        });
    }

    /** The write of {@code changes} failed: they go with the next write, with the metadata. */
    void requeue(Changes changes) {
        changes.names().forEach((name, forced) -> dirty.merge(name, forced, Boolean::logicalOr));
        metadataChanged();
    }

    /** The backup entry is gone: it is written whole next, {@code names} with it. */
    synchronized void lost(Set<String> names) {
        version = 0;
        digests.clear();
        all(names);
    }

    /**
     * The session moved to a new map key ({@code changeSessionId()}): the entry under {@code oldMapKey},
     * if one was written, is deleted before the next write, which writes {@code names} whole.
     */
    synchronized void moved(String oldMapKey, Set<String> names) {
        if (version > 0 && movedFrom == null) {
            movedFrom = oldMapKey;
            movedFromVersion = version;
        }
        version = 0;
        digests.clear();
        all(names);
    }

    /** The copy was restored from the entry at {@code restoredVersion} under its own map key. */
    synchronized void restored(long restoredVersion) {
        version = restoredVersion;
    }

    /** The copy was restored from the entry under {@code oldMapKey} (a previous secret's): {@code names} go whole under the current key, and the old entry is deleted. */
    synchronized void restoredFrom(String oldMapKey, long restoredVersion, Set<String> names) {
        movedFrom = oldMapKey;
        movedFromVersion = restoredVersion;
        all(names);
    }

    /** The map key of an entry to delete before the next write, or null. */
    synchronized String movedFrom() {
        return movedFrom;
    }

    /** The version of the entry to delete before the next write. */
    synchronized long movedFromVersion() {
        return movedFromVersion;
    }

    /** The entry under {@link #movedFrom()} was deleted. */
    synchronized void movedEntryDeleted() {
        movedFrom = null;
        version = 0;
        digests.clear();
    }

    /** The version of this copy's last acknowledged write (0: none yet). */
    public long version() {
        return version;
    }

    /** This copy's number. */
    long copy() {
        return copy;
    }

    /** This copy can no longer be backed up: another copy replaced it. */
    public void drop() {
        dropped = true;
    }

    boolean dropped() {
        return dropped;
    }

    /** Whether another node may have written the session since this copy's last write. */
    public boolean suspect() {
        return suspect;
    }

    public void suspect(boolean value) {
        suspect = value;
    }
}
