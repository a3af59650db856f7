package dev.affinity.session.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.config.Settings;
import dev.affinity.routing.HealthView;
import dev.affinity.routing.Member;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Router;
import dev.affinity.routing.Routing;
import dev.affinity.routing.RoutingSettings;
import dev.affinity.routing.Strategy;
import dev.affinity.session.SharedHazelcast;
import dev.affinity.testing.LoopbackHazelcast;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Nodes joining and leaving a Hazelcast cluster change the ring on every node, with no configuration edit. */
class HazelcastMembershipTest {
    private static final List<PartitionKey> KEYS = IntStream.range(0, 2000).mapToObj(i -> PartitionKey.of("customer-" + i)).toList();
    private final List<HazelcastInstance> instances = new ArrayList<>();
    @AutoClose
    private LoopbackHazelcast cluster;

    @AfterEach
    void stop() {
        instances.forEach(i -> i.getLifecycleService().terminate());
    }

    @Test
    void theRingFollowsJoinsAndLeavesOnEveryNode() throws Exception {
        cluster = new LoopbackHazelcast(4);
        List<HazelcastMembership> memberships = new ArrayList<>();
        List<Router> routers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HazelcastMembership membership = new HazelcastMembership(member(cluster, i), () -> { });
            memberships.add(membership);
            routers.add(new Router(membership, Strategy.RENDEZVOUS, HealthView.ALL_HEALTHY));
        }
        // routers hear of a change after the membership list has it: wait for what the routers see
        await().atMost(Duration.ofSeconds(30)).until(() -> routers.stream().allMatch(r -> ringOf(r).equals(List.of("n0", "n1", "n2"))));
        List<String> before = owners(routers.get(0));
        assertThat(owners(routers.get(1))).isEqualTo(before);

        HazelcastMembership joined = new HazelcastMembership(member(cluster, 3), () -> { });
        memberships.add(joined);
        routers.add(new Router(joined, Strategy.RENDEZVOUS, HealthView.ALL_HEALTHY));
        await().atMost(Duration.ofSeconds(20)).until(() -> routers.stream().allMatch(r -> ringOf(r).size() == 4));
        List<String> afterJoin = owners(routers.get(0));
        for (Router router : routers) {
            assertThat(owners(router)).isEqualTo(afterJoin);
        }
        for (int k = 0; k < KEYS.size(); k++) {
            if (!afterJoin.get(k).equals(before.get(k))) {
                assertThat(afterJoin.get(k)).as("a join moves keys only to the new node").isEqualTo("n3");
            }
        }
        assertThat(afterJoin).contains("n3");

        instances.get(0).getLifecycleService().terminate();
        await().atMost(Duration.ofSeconds(20)).until(() -> routers.subList(1, 4).stream()
                .allMatch(r -> ringOf(r).equals(List.of("n1", "n2", "n3"))));
        assertThat(memberships.subList(1, 4)).allMatch(m -> names(m).equals(List.of("n1", "n2", "n3")));
        List<String> afterLeave = owners(routers.get(1));
        assertThat(afterLeave).doesNotContain("n0");
        assertThat(owners(routers.get(2))).isEqualTo(afterLeave);
        assertThat(owners(routers.get(3))).isEqualTo(afterLeave);
    }

    @Test
    void membersHazelcastIsFoundThroughTheServiceLoader() {
        cluster = new LoopbackHazelcast(1);
        System.setProperty("affinity.hazelcast.config", cluster.memberYaml(0).toString());
        try (Routing routing = Routing.start(Settings.of(Map.of("members", "hazelcast",
                "self", "http://127.0.0.1:18080;name=solo", "health.interval", "0"), RoutingSettings.NAMES), "/health")) {
            assertThat(routing.membership()).isInstanceOf(HazelcastMembership.class);
            assertThat(routing.membership().members()).extracting(Member::name).containsExactly("solo");
            assertThat(routing.router().route(PartitionKey.of("anything")).baseUrl()).hasToString("http://127.0.0.1:18080");
        } finally {
            System.clearProperty("affinity.hazelcast.config");
        }
    }

    private HazelcastInstance member(LoopbackHazelcast cluster, int index) throws Exception {
        Config config = Config.loadFromFile(cluster.memberYaml(index).toFile());
        config.getMemberAttributeConfig().setAttribute(SharedHazelcast.MEMBER_ATTRIBUTE,
                "http://127.0.0.1:" + (18000 + index) + ";name=n" + index);
        HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
        instances.add(instance);
        return instance;
    }

    private static List<String> ringOf(Router router) {
        return router.placement().members().stream().map(Member::name).sorted().toList();
    }

    private static List<String> names(HazelcastMembership membership) {
        return membership.members().stream().map(Member::name).sorted().toList();
    }

    private static List<String> owners(Router router) {
        return KEYS.stream().map(k -> router.route(k).name()).toList();
    }
}
