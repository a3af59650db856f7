package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A node in client mode of a two-member cluster: when one member is killed, requests go on, and
 * the status no longer says {@code up}: it shows one member of two expected, and one lost since start.
 */
class ClientModeMemberLossTest {
    @AutoClose
    private LoopbackHazelcast cluster;

    @Test
    void theStatusShowsAMemberLostSinceStart() throws Exception {
        cluster = new LoopbackHazelcast(2);
        HazelcastInstance kept = Hazelcast.newHazelcastInstance(Config.loadFromFile(cluster.memberYaml(0).toFile()));
        HazelcastInstance killed = Hazelcast.newHazelcastInstance(Config.loadFromFile(cluster.memberYaml(1).toFile()));
        try (Node node = Node.onJetty(Map.of("self", "c1", "secret", cluster.secret(), "hazelcast.mode", "client",
                "hazelcast.config", cluster.clientYaml().toString(), "session-status.enabled", "true"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> node.status().get("clusterSize").asInt() == 2);
            JsonNode before = node.status();
            assertThat(before.get("hazelcast").asText()).isEqualTo("up");
            assertThat(before.get("expectedMembers").asInt()).isEqualTo(2);
            assertThat(before.get("membersLostSinceStart").asInt()).isZero();

            killed.getLifecycleService().terminate();

            await().atMost(Duration.ofSeconds(30)).until(() -> node.status().get("clusterSize").asInt() == 1);
            JsonNode after = node.status();
            assertThat(after.get("hazelcast").asText()).isEqualTo("degraded");
            assertThat(after.get("redundancy").asText()).isEqualTo("1 of 2 expected Hazelcast members");
            assertThat(after.get("membersLostSinceStart").asInt()).isEqualTo(1);
            Browser browser = new Browser();
            assertThat(browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=a&value=1")).okBody()).as("requests go on").isEqualTo("ok");
        } finally {
            kept.getLifecycleService().terminate();
            killed.getLifecycleService().terminate();
        }
    }
}
