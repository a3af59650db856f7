package dev.affinity.session;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Where session backups live: versioned deltas in, records out, every call bounded by a timeout. */
interface BackupStore {

    /**
     * Applies {@code delta} to the session {@code key}.
     *
     * @return as {@link ApplyDelta#process}: the new version, {@code 0} after a delete,
     *         {@link ApplyDelta#STALE} or {@link ApplyDelta#MISSING}
     * @throws Exception when Hazelcast fails or does not answer within {@code timeout}
     */
    long apply(String key, ApplyDelta delta, Duration timeout) throws Exception;

    /**
     * The backup of {@code key}, or {@code null} when there is none.
     *
     * @throws Exception when Hazelcast fails or does not answer within {@code timeout}
     */
    BackupRecord read(String key, Duration timeout) throws Exception;

    /**
     * Calls {@code written} with the key of each session entry that a writer other than
     * {@code writer} adds, updates or merges from now on (as soon as the map can be reached).
     *
     * @return what removes the registration
     */
    Runnable onOtherWriters(String writer, Consumer<String> written);

    /**
     * Calls {@code expired} with the map key and last record of each session entry that expires
     * on this JVM's own member (its idle time ran out in the backup while no node held it), when
     * the store can tell; an embedded member only.
     *
     * @return what removes the registration
     */
    Runnable onLocalExpiry(BiConsumer<String, BackupRecord> expired);
}
