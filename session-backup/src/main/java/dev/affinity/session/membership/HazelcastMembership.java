package dev.affinity.session.membership;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.config.ConfigException;
import dev.affinity.logging.Log;
import dev.affinity.routing.Member;
import dev.affinity.routing.MemberListParser;
import dev.affinity.routing.Membership;
import dev.affinity.session.SharedHazelcast;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The farm as a Hazelcast cluster sees it: every member that publishes its routing entry
 * ({@code baseUrl;name=NAME}) in the member attribute {@value SharedHazelcast#MEMBER_ATTRIBUTE}.
 * Follows membership events, so nodes join and leave the ring without configuration edits.
 * Members without the attribute (plain Hazelcast members, clients) are not routed to. A client that
 * connects after this starts (it starts without waiting for the cluster) hears the member list on
 * connecting ({@link InitialMembershipListener}).
 */
public final class HazelcastMembership implements Membership {
    private static final Log LOG = Log.of(HazelcastMembership.class);

    private final HazelcastInstance instance;
    private final Runnable onClose;
    private final List<Consumer<List<Member>>> listeners = new CopyOnWriteArrayList<>();
    private final UUID registration;
    private volatile List<Member> members;

    /** Follows {@code instance}'s cluster; {@code onClose} runs when this membership is closed. */
    public HazelcastMembership(HazelcastInstance instance, Runnable onClose) {
        this.instance = instance;
        this.onClose = onClose;
        this.members = read(instance.getCluster().getMembers());
        this.registration = instance.getCluster().addMembershipListener(new InitialMembershipListener() {
            @Override
            public void init(InitialMembershipEvent event) {
                changed(event.getMembers());
            }

            @Override
            public void memberAdded(MembershipEvent event) {
                changed(event.getMembers());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                changed(event.getMembers());
            }
        });
    }

    @Override
    public List<Member> members() {
        return members;
    }

    @Override
    public void onChange(Consumer<List<Member>> listener) {
        listeners.add(listener);
    }

    private synchronized void changed(Set<com.hazelcast.cluster.Member> now) {
        List<Member> next = read(now);
        if (!next.equals(members)) {
            members = next;
            LOG.info("farm membership changed: {}", next);
            listeners.forEach(l -> l.accept(next));
        }
    }

    private static List<Member> read(Set<com.hazelcast.cluster.Member> cluster) {
        MemberListParser parser = new MemberListParser("members");
        List<Member> list = new ArrayList<>();
        for (com.hazelcast.cluster.Member member : cluster) {
            String entry = member.getAttribute(SharedHazelcast.MEMBER_ATTRIBUTE);
            if (entry == null) {
                continue;
            }
            try {
                list.add(parser.parse(entry));
            } catch (ConfigException e) {
                LOG.warn("Hazelcast member {} publishes an invalid routing entry and is not routed to: {}",
                        member.getAddress(), e.getMessage());
            }
        }
        return List.copyOf(list);
    }

    @Override
    public void close() {
        instance.getCluster().removeMembershipListener(registration);
        onClose.run();
    }
}
