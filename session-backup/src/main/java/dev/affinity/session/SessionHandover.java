package dev.affinity.session;

import com.hazelcast.core.HazelcastInstance;
import dev.affinity.drain.NodeDrain;
import dev.affinity.logging.Log;
import java.time.Duration;

/**
 * Hands this node's sessions over while it drains: each session no request uses has its last
 * change written (the {@code async} queue does not wait for it) and is released from this node's
 * memory; a session in use is released when its request ends, after its change is written. The
 * backup then holds every change, and the session's next request, placed on another member, is
 * restored there under an id re-issued with that member's route. A session a request brings back
 * here meanwhile is released again when that request ends.
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
            int before = manager.size();
            manager.sessions().forEach(this::handOver);
            LOG.info("session-backup: draining: {} of {} sessions handed over, the others when their requests end",
                    before - manager.size(), before);
        }
    }

    /** Sessions still held here; none once the backup cannot be written any more (they live on in the backup as last written). */
    @Override
    public int remaining() {
        return hazelcast.getLifecycleService().isRunning() ? manager.size() : 0;
    }

    /** Writes {@code session}'s last change and releases it, unless a request uses it. */
    void handOver(BackupSession session) {
        if (session.live() && hazelcast.getLifecycleService().isRunning()) {
            writer.writeNow(session, Budget.of(writeTimeout));
        }
        if (session.idle() || !session.live()) {
            manager.release(session);
        }
    }
}
