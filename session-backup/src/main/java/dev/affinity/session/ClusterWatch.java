package dev.affinity.session;

import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.core.HazelcastInstance;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Hazelcast cluster's members as this node sees them, in either mode: how many there are, how
 * many are expected ({@code hazelcast.expected-members}, else the nodes of a static member list in
 * embedded mode, else the most seen since start) and how many left since start, so a status that
 * says {@code up} never hides lost redundancy.
 */
final class ClusterWatch implements AutoCloseable {
    private final HazelcastInstance instance;
    private final OptionalInt expected;
    private final AtomicInteger most = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private volatile UUID registration;

    ClusterWatch(HazelcastInstance instance, OptionalInt expected) {
        this.instance = instance;
        this.expected = expected;
        listen();
    }

    /** Registers for membership events; a client that has not reached the cluster yet may refuse, and is asked again later. */
    private synchronized void listen() {
        if (registration != null) {
            return;
        }
        try {
            registration = instance.getCluster().addMembershipListener(new InitialMembershipListener() {
                @Override
                public void init(InitialMembershipEvent event) {
                    seen(event.getMembers().size());
                }

                @Override
                public void memberAdded(MembershipEvent event) {
                    seen(event.getMembers().size());
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    lost.incrementAndGet();
                    seen(event.getMembers().size());
                }
            });
        } catch (RuntimeException e) {
            registration = null;
        }
    }

    private void seen(int members) {
        most.accumulateAndGet(members, Math::max);
    }

    /** The members now; 0 while a client has not reached the cluster. */
    int size() {
        listen();
        try {
            int members = instance.getCluster().getMembers().size();
            seen(members);
            return members;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The members expected. */
    int expected() {
        return expected.orElse(most.get());
    }

    /** Members that left the cluster since this node started. */
    int lostSinceStart() {
        return lost.get();
    }

    /** Why redundancy is short, if it is. */
    Optional<String> shortfall() {
        int now = size();
        int wanted = expected();
        return now < wanted ? Optional.of(now + " of " + wanted + " expected Hazelcast members") : Optional.empty();
    }

    @Override
    public void close() {
        UUID id = registration;
        if (id != null) {
            try {
                instance.getCluster().removeMembershipListener(id);
            } catch (RuntimeException e) {
                // the instance is already shut down
            }
        }
    }
}
