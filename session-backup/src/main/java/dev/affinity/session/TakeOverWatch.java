package dev.affinity.session;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import dev.affinity.logging.Log;
import java.util.UUID;

/**
 * Tells the {@link LiveCopies} of a front door when another node may have taken one of its sessions over: an
 * entry of the backup map written by another writer (the node that took the session over), a member
 * lost (this node may have been cut off while sessions moved), and this member merged back after a
 * split or a client reconnected (map events were missed meanwhile).
 */
final class TakeOverWatch implements AutoCloseable {
    private static final Log LOG = Log.of(TakeOverWatch.class);

    private final HazelcastInstance hazelcast;
    private final Runnable otherWriters;
    private final UUID membership;
    private final UUID lifecycle;

    TakeOverWatch(HazelcastInstance hazelcast, BackupStore store, String writer, LiveCopies manager) {
        this.hazelcast = hazelcast;
        this.otherWriters = store.onOtherWriters(writer, manager::writtenElsewhere);
        this.membership = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // nothing was taken over
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                manager.suspectAll();
            }
        });
        this.lifecycle = hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleState.MERGED || event.getState() == LifecycleState.CLIENT_CONNECTED) {
                manager.suspectAll();
            }
        });
    }

    /** Removes the listeners, if Hazelcast still runs. */
    @Override
    public void close() {
        if (!hazelcast.getLifecycleService().isRunning()) {
            return;
        }
        try {
            otherWriters.run();
            hazelcast.getCluster().removeMembershipListener(membership);
            hazelcast.getLifecycleService().removeLifecycleListener(lifecycle);
        } catch (RuntimeException e) {
            LOG.warn("the session filter's Hazelcast listeners could not all be removed: {}", e.toString());
        }
    }
}
