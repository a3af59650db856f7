package dev.affinity.client;

import com.hazelcast.core.HazelcastInstance;
import dev.affinity.config.Settings;
import dev.affinity.routing.HealthView;
import dev.affinity.routing.Member;
import dev.affinity.routing.NoKeyPolicy;
import dev.affinity.routing.Ring;
import dev.affinity.routing.RoutingSettings;
import dev.affinity.routing.RoutingView;
import dev.affinity.routing.StaticMembership;
import dev.affinity.routing.Strategy;
import dev.affinity.session.SharedHazelcast;
import dev.affinity.session.membership.HazelcastMembership;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The farm as the Hazelcast cluster of a caller that is its client (or member) sees it: the members
 * that publish their routing entry, read by the nodes' own {@code members=hazelcast} code
 * ({@link HazelcastMembership}), all routed to, placed by the builder's strategy and key rules; a
 * member that joins or leaves changes the ring at once. Its view id is the one nodes that see the same
 * members up show. The only class of the client that touches Hazelcast: it is loaded only when the
 * builder is given a Hazelcast instance, which stays the caller's.
 */
final class HazelcastRing implements RingSource {
    private final HazelcastInstance cluster;
    private final HazelcastMembership membership;
    private final RoutingSettings placement;
    private final String contextPath;
    private String lastId = "";
    private long epoch;

    /**
     * @param cluster the caller's Hazelcast instance, which stays the caller's
     * @param keySpec the nodes' {@code key} setting, or {@code null} for its default
     * @param strategy the nodes' {@code strategy} setting, or {@code null} for its default
     * @param contextPath the webapp's context path ({@code null} or empty for the root)
     */
    HazelcastRing(HazelcastInstance cluster, String keySpec, Strategy strategy, String contextPath) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("members", "hazelcast");
        if (keySpec != null) {
            settings.put("key", keySpec);
        }
        if (strategy != null) {
            settings.put("strategy", strategy.settingValue());
        }
        String path = contextPath == null ? "" : contextPath.replaceAll("/+$", "");
        this.placement = RoutingSettings.from(Settings.of(settings, RoutingSettings.PLACEMENT_NAMES), path + "/affinity/health",
                NoKeyPolicy.FOR_MEMBERS);
        this.contextPath = path;
        this.cluster = cluster;
        this.membership = new HazelcastMembership(cluster, () -> { });
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

    /** Removes the client's membership listener, unless the caller has shut the instance down already. */
    @Override
    public void close() {
        if (cluster.getLifecycleService().isRunning()) {
            membership.close();
        }
    }
}
