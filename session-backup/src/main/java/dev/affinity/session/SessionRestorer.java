package dev.affinity.session;

import dev.affinity.logging.Log;
import dev.affinity.session.protection.BackupProtection;
import dev.affinity.session.protection.RecordAuthenticationException;
import dev.affinity.session.serialization.AttributeCodec;
import dev.affinity.session.serialization.RefusedClassException;
import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a session from the backup map (on failover, or to check a copy this node may hold
 * stale), bounded by {@code read-timeout} and the request's {@link Budget}, under the keyed hash
 * of its id (and, while a secret is rotated, the previous secret's). A record is opened only once its metadata and every value pass
 * authentication; one that does not is never deserialized and counts as a backup that cannot be
 * read. Then each attribute is decoded through the allow-listed codec (a refused, oversize or
 * unreadable one is logged and dropped, and removed from the backup with the next write); an
 * {@link Error} while decoding (an {@link OutOfMemoryError}, say) makes the backup unreadable.
 * Last, {@code sessionDidActivate} on activation listeners.
 */
final class SessionRestorer {
    private static final Log LOG = Log.of(SessionRestorer.class);

    private final BackupStore store;
    private final BackupProtection protection;
    private final RecordOpener opener;
    private final AttributeCodec codec;
    private final Duration timeout;
    private final BackupStats stats;

    SessionRestorer(BackupStore store, BackupProtection protection, int maxAttributeBytes, AttributeCodec codec,
                    Duration timeout, BackupStats stats) {
        this.store = store;
        this.protection = protection;
        this.opener = new RecordOpener(protection, maxAttributeBytes);
        this.codec = codec;
        this.timeout = timeout;
        this.stats = stats;
    }

    /**
     * The backup of session {@code key}, read within {@code budget} (and {@code read-timeout}): empty
     * when there is none; {@code null} when it cannot be read (the map did not answer in time, or
     * the record failed authentication).
     */
    Optional<OpenedRecord> read(String key, Budget budget) {
        for (String mapKey : protection.mapKeys(key)) {
            if (budget.spent()) {
                LOG.warn("session backup of {} not read: the request's time for the backup map is spent", key);
                return null;
            }
            BackupRecord record;
            try {
                record = store.read(mapKey, budget.left(timeout));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (Exception e) {
                LOG.warn("session backup of {} cannot be read: {}", key, e.toString());
                return null;
            }
            if (record != null) {
                Optional<OpenedRecord> opened = open(mapKey, record);
                return opened.isPresent() ? opened : null;
            }
        }
        return Optional.empty();
    }

    /** {@code record}, read under {@code mapKey}, opened; empty (logged and counted) when it fails authentication. */
    Optional<OpenedRecord> open(String mapKey, BackupRecord record) {
        try {
            return Optional.of(opener.open(mapKey, record));
        } catch (RecordAuthenticationException e) {
            stats.unauthenticRecords.incrementAndGet();
            LOG.warn("the session backup record under map key {} was refused unread: {}", mapKey, e.getMessage());
            return Optional.empty();
        }
    }

    /** A live session rebuilt from {@code record}, its activation listeners told. */
    BackupSession restore(SessionManager manager, String key, String id, OpenedRecord record) {
        BackupSession session = rebuild(manager, key, id, record);
        HttpSessionEvent event = new HttpSessionEvent(session);
        session.attributeSnapshot().values().forEach(value -> {
            if (value instanceof HttpSessionActivationListener listener) {
                SessionListeners.safely(() -> listener.sessionDidActivate(event));
            }
        });
        stats.restored.incrementAndGet();
        return session;
    }

    /**
     * The session of {@code record}, its attributes decoded (refused ones dropped). A record read under
     * the previous secret's map key is written whole under the current one next, and its old entry deleted.
     *
     * @throws BackupUnavailableException when decoding an attribute raised an {@link Error}
     */
    BackupSession rebuild(SessionManager manager, String key, String id, OpenedRecord record) {
        SessionMetadata metadata = record.metadata();
        BackupSession session = new BackupSession(manager, key, id, metadata.creationTime(), metadata.lastAccessedTime(),
                metadata.maxInactiveSeconds(), false);
        decode(key, id, record, session.delta()).forEach(session::restore);
        return session;
    }

    /**
     * The attributes of {@code record}, decoded for a new copy of session {@code key} whose changes
     * {@code delta} records: a refused, oversize or unreadable attribute is left out and recorded as
     * removed (the next write deletes it from the backup); the delta takes the record's version, and a
     * record read under the previous secret's map key is written whole under the current one next,
     * its old entry deleted.
     *
     * @throws BackupUnavailableException when decoding an attribute raised an {@link Error}
     */
    Map<String, Object> decode(String key, String id, OpenedRecord record, SessionDelta delta) {
        Map<String, Object> values = new HashMap<>();
        for (String name : record.oversize()) {
            dropped(delta, id, name, "it is larger than serialization.max-bytes");
        }
        for (Map.Entry<String, byte[]> attribute : record.attributes().entrySet()) {
            String name = attribute.getKey();
            try {
                values.put(name, codec.decode(attribute.getValue()));
            } catch (RefusedClassException e) {
                dropped(delta, id, name, e.getMessage());
            } catch (IOException | RuntimeException e) {
                delta.set(name);
                LOG.warn("session attribute '{}' of {} cannot be read and was dropped: {}", name, id, e.toString());
            } catch (Error e) {
                stats.unreadableRecords.incrementAndGet();
                LOG.error("session {} cannot be restored: reading its attribute '{}' raised {}", id, name, e.getClass().getName());
                throw new BackupUnavailableException(key);
            }
        }
        if (record.mapKey().equals(protection.mapKey(key))) {
            delta.restored(record.version());
        } else {
            delta.restoredFrom(record.mapKey(), record.version(), values.keySet());
        }
        return values;
    }

    private void dropped(SessionDelta delta, String id, String name, String why) {
        stats.refusedAttributes.incrementAndGet();
        delta.set(name);
        LOG.warn("session attribute '{}' of {} was refused on restore and dropped: {}", name, id, why);
    }
}
