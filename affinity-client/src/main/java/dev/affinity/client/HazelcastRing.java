package dev.affinity.client;

import com.hazelcast.core.HazelcastInstance;
import dev.affinity.routing.HealthView;
import dev.affinity.routing.Member;
import dev.affinity.routing.Ring;
import dev.affinity.routing.RoutingSettings;
import dev.affinity.routing.RoutingView;
import dev.affinity.routing.StaticMembership;
import dev.affinity.session.SharedHazelcast;
import dev.affinity.session.membership.HazelcastMembership;
import java.io.IOException;
import java.util.List;

/**
 * The farm as the Hazelcast cluster of a caller that is its client (or member) sees it: the members
 * that publish their routing entry, read by the nodes' own {@code members=hazelcast} code
 * ({@link HazelcastMembership}), all routed to, placed by the builder's strategy and key rules; a
 * member that joins or leaves changes the ring at once. Its view id is the one nodes that see the same
 * members up show. The only class of the client that touches Hazelcast: it is loaded only when the
 * builder is given a Hazelcast instance, which stays the caller's.
 */
final class HazelcastRing implements RingSource {
    private final HazelcastMembership membership;
    private final RoutingSettings placement;
    private final String contextPath;
    private String lastId = "";
    private long epoch;

    HazelcastRing(HazelcastInstance cluster, RoutingSettings placement, String contextPath) {
        this.membership = new HazelcastMembership(cluster, () -> { });
        this.placement = placement;
        this.contextPath = contextPath;
    }

    @Override
    public synchronized Ring read() throws IOException {
        List<Member> members = membership.members();
        if (members.isEmpty()) {
            throw new IOException("affinity: no member of the Hazelcast cluster publishes its routing entry ("
                    + SharedHazelcast.MEMBER_ATTRIBUTE + "): the nodes publish it with members=hazelcast");
        }
        String id = new RoutingView(new StaticMembership(members), HealthView.ALL_HEALTHY).current().id();
        if (!id.equals(lastId)) {
            lastId = id;
            epoch++;
        }
        return new Ring(Ring.FORMAT, placement.strategy().settingValue(), placement.keySpec(), placement.keyMaxLength(),
                placement.sessionCookie(), contextPath, epoch, id, members.stream().map(m -> new Ring.Entry(m, Ring.UP)).toList());
    }

    @Override
    public void onChange(Runnable changed) {
        membership.onChange(members -> changed.run());
    }

    @Override
    public void close() {
        membership.close();
    }
}
