package dev.affinity.session.membership;

import com.hazelcast.core.HazelcastInstance;
import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import dev.affinity.routing.Member;
import dev.affinity.routing.Membership;
import dev.affinity.routing.MembershipProvider;
import dev.affinity.session.HazelcastMode;
import dev.affinity.session.HazelcastSettings;
import dev.affinity.session.SharedHazelcast;
import java.util.Map;
import java.util.Optional;

/**
 * {@code members=hazelcast}: this node joins, as an embedded member, the Hazelcast cluster
 * configured by {@code hazelcast.config} ({@code hazelcast.mode} must be {@code embedded}), read from system
 * properties or the environment ({@code affinity.hazelcast.config}, {@code AFFINITY_HAZELCAST_CONFIG})
 * so the affinity filter and the session filter of a node share one member; it publishes its
 * base URL and follows the cluster's members. From outside the farm ({@link #follow}, the redirect
 * balancer) it is a Hazelcast client of the cluster named by the client file {@code hazelcast.config}
 * of the given settings: it follows the members without being one, so it takes no partitions, does
 * not count towards the session map's quorum, and comes and goes without migrations.
 */
public final class HazelcastMembershipProvider implements MembershipProvider {
    /** The route under which the followers of one client file share their client. */
    private static final String FOLLOWER = "follower";

    @Override
    public String name() {
        return "hazelcast";
    }

    @Override
    public Membership start(Settings settings, Member self) {
        HazelcastSettings hazelcast = HazelcastSettings.from(Settings.load(Map.of(), HazelcastSettings.NAMES));
        if (hazelcast.mode() != HazelcastMode.EMBEDDED) {
            throw ConfigException.invalid("hazelcast.mode", "client",
                    "embedded when members=hazelcast (each node publishes its base URL as a member attribute, which a client cannot)");
        }
        HazelcastInstance instance = SharedHazelcast.acquire(hazelcast, self.name(),
                Optional.of(SharedHazelcast.memberEntry(self)), HazelcastMembershipProvider.class.getClassLoader());
        return new HazelcastMembership(instance, () -> SharedHazelcast.release(instance));
    }

    @Override
    public Membership follow(Settings settings) {
        HazelcastInstance client = SharedHazelcast.acquire(HazelcastSettings.client(settings), FOLLOWER, Optional.empty(),
                HazelcastMembershipProvider.class.getClassLoader());
        return new HazelcastMembership(client, () -> SharedHazelcast.release(client));
    }
}
