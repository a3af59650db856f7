package dev.affinity.session;

import dev.affinity.session.serialization.AttributeCodec;
import dev.affinity.session.serialization.RefusedClassException;
import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a session from the backup map (on failover, or to check a copy this node may hold
 * stale), bounded by {@code read-timeout} and the request's {@link Budget}, and rebuilds it: each attribute decoded through the
 * allow-listed codec (a refused or unreadable one is logged and dropped, and removed from the
 * backup with the next write), then {@code sessionDidActivate} on activation listeners.
 */
final class SessionRestorer {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRestorer.class);

    private final BackupStore store;
    private final AttributeCodec codec;
    private final Duration timeout;
    private final BackupStats stats;

    SessionRestorer(BackupStore store, AttributeCodec codec, Duration timeout, BackupStats stats) {
        this.store = store;
        this.codec = codec;
        this.timeout = timeout;
        this.stats = stats;
    }

    /**
     * The backup of {@code key}, read within {@code budget} (and {@code read-timeout}): empty when
     * there is none; {@code null} when the map could not be read in time.
     */
    Optional<BackupRecord> read(String key, Budget budget) {
        if (budget.spent()) {
            LOG.warn("session backup of {} not read: the request's time for the backup map is spent", key);
            return null;
        }
        try {
            return Optional.ofNullable(store.read(key, budget.left(timeout)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            LOG.warn("session backup of {} cannot be read: {}", key, e.toString());
            return null;
        }
    }

    /** A live session rebuilt from {@code record}, its activation listeners told. */
    BackupSession restore(SessionManager manager, String key, String id, BackupRecord record) {
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

    /** The session of {@code record}, its attributes decoded (refused ones dropped). */
    BackupSession rebuild(SessionManager manager, String key, String id, BackupRecord record) {
        BackupSession session = new BackupSession(manager, key, id, record.creationTime, record.lastAccessedTime,
                record.maxInactiveSeconds, false);
        for (Map.Entry<String, byte[]> attribute : record.attributes.entrySet()) {
            String name = attribute.getKey();
            try {
                session.restore(name, codec.decode(attribute.getValue()));
            } catch (RefusedClassException e) {
                stats.refusedAttributes.incrementAndGet();
                session.markRemoved(name);
                LOG.warn("session attribute '{}' of {} was refused on restore and dropped: {}", name, id, e.getMessage());
            } catch (IOException | RuntimeException e) {
                session.markRemoved(name);
                LOG.warn("session attribute '{}' of {} cannot be read and was dropped: {}", name, id, e.toString());
            }
        }
        session.backup().version = record.version;
        return session;
    }
}
