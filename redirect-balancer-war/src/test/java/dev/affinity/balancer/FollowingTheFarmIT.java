package dev.affinity.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.session.SharedHazelcast;
import dev.affinity.testing.LoopbackHazelcast;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code members=hazelcast}: the balancer WAR on Jetty, a Hazelcast client of a real loopback
 * cluster whose members publish real back-end nodes, follows a node joining and leaving.
 */
class FollowingTheFarmIT {
    /** Membership events arrive at once; the bound leaves room for a machine loaded by other builds. */
    private static final Duration FOLLOWS_WITHIN = Duration.ofSeconds(30);

    @AutoClose
    private final LoopbackHazelcast cluster = new LoopbackHazelcast(3);
    private final BackendFarm farm = new BackendFarm();
    private final List<BackendNode> nodes = farm.nodes();
    private final List<HazelcastInstance> members = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        farm.close();
        members.forEach(HazelcastInstance::shutdown);
    }

    @Test
    void followsANodeJoiningAndLeavingTheCluster(@TempDir Path work) throws Exception {
        startNode(0, "a");
        startNode(1, "b");
        Path config = work.resolve("balancer.json");
        Files.writeString(config, """
                {
                  "members": "hazelcast",
                  "hazelcast": {"config": "%s"},
                  "key": "param:customer",
                  "health": {"interval": "100ms", "timeout": "500ms", "rise": 1, "fall": 1},
                  "balancer-status": {"enabled": true}
                }
                """.formatted(cluster.clientYaml().toString().replace("\\", "\\\\")));
        BalancerProbe balancer = new BalancerProbe(farm.balancer(config, work));

        await().atMost(FOLLOWS_WITHIN).untilAsserted(() -> {
            assertThat(balancer.members()).isEqualTo(Set.of("a", "b"));
            assertThat(balancer.redirectTargets(60)).as("once the balancer's health checks found them up").isEqualTo(BalancerProbe.urls(nodes));
        });
        assertThat(balancer.status().path("membership").asText()).isEqualTo("hazelcast");

        startNode(2, "c");
        await().atMost(FOLLOWS_WITHIN).untilAsserted(() -> {
            assertThat(balancer.members()).isEqualTo(Set.of("a", "b", "c"));
            assertThat(balancer.redirectTargets(60)).isEqualTo(BalancerProbe.urls(nodes));
        });

        members.get(0).getLifecycleService().terminate();
        await().atMost(FOLLOWS_WITHIN).untilAsserted(() -> {
            assertThat(balancer.members()).isEqualTo(Set.of("b", "c"));
            assertThat(balancer.redirectTargets(60)).isEqualTo(BalancerProbe.urls(nodes.subList(1, 3)));
        });
    }

    /** A back-end node and the Hazelcast member that publishes it, as a node with members=hazelcast does. */
    private void startNode(int index, String name) throws Exception {
        BackendNode node = farm.start(name);
        Config config = Config.loadFromFile(cluster.memberYaml(index).toFile());
        config.getMemberAttributeConfig().setAttribute(SharedHazelcast.MEMBER_ATTRIBUTE, node.memberEntry());
        members.add(Hazelcast.newHazelcastInstance(config));
    }
}
