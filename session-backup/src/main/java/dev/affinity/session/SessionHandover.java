package dev.affinity.session;

import com.hazelcast.core.HazelcastInstance;
import dev.affinity.drain.NodeDrain;
import dev.affinity.logging.Log;
import java.time.Duration;

/**
 * Hands this node's sessions over while it drains: a session no request uses has its last change
 * queued for the backup writer (the drain does not wait for the writes), and a session in use has
 * its request's changes written when that request ends, before its response does. A session is
 * released from this node's memory once its changes are acknowledged and no request uses it. A
 * write that fails, or waits for its partition's backup replica, is sent again as a queued write
 * is, and the session stays here until it is written: the drain waits for it, and a stop writes it
 * last. The backup then holds every change, and the session's next request, placed on another
 * member, is restored there under an id re-issued with that member's route. A session a request
 * brings back here meanwhile is handed over again when that request ends.
 */
final class SessionHandover implements NodeDrain.Participant {
    private static final Log LOG = Log.of(SessionHandover.class);

    private final SessionManager manager;
    private final BackupWriter writer;
    private final HazelcastInstance hazelcast;
    private final Duration writeTimeout;

    SessionHandover(SessionManager manager, BackupWriter writer, HazelcastInstance hazelcast, Duration writeTimeout) {
        this.manager = manager;
        this.writer = writer;
        this.hazelcast = hazelcast;
        this.writeTimeout = writeTimeout;
    }

    @Override
    public void drainingChanged(boolean draining) {
        manager.handOverWith(draining ? this : null);
        if (draining) {
            LOG.info("session-backup: draining: handing {} sessions over, each once its changes are written and no request uses it",
                    manager.size());
            manager.sessions().forEach(this::queue);
        }
    }

    /** Sessions still held here; none once the backup cannot be written any more (they live on in the backup as last written). */
    @Override
    public int remaining() {
        return hazelcast.getLifecycleService().isRunning() ? manager.size() : 0;
    }

    /** The request that used {@code session} ended: its changes are written within {@code write-timeout}, or queued when that fails. */
    void handOver(BackupSession session) {
        if (!backupWritable(session)) {
            manager.release(session);
        } else if (writer.writeOrQueue(session, Budget.of(writeTimeout))) {
            written(session);
        }
    }

    /** {@code session}'s changes are backed up: it is released unless a request uses it or a newer change waits. */
    void written(BackupSession session) {
        if (session.idle() || !session.live()) {
            manager.release(session);
        }
    }

    /** Queues {@code session}'s last change ({@link #written} then releases it), or writes it now when {@code write-queue} is full. */
    private void queue(BackupSession session) {
        if (!backupWritable(session)) {
            manager.release(session);
        } else if (!writer.submit(session)) {
            handOver(session);
        }
    }

    private boolean backupWritable(BackupSession session) {
        return session.live() && hazelcast.getLifecycleService().isRunning();
    }
}
