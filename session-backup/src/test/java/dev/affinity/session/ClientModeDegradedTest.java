package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node in client mode with {@code write-mode=async}: while the cluster is down requests keep
 * working from memory, the status says degraded and no request waits for the cluster; when it is
 * back the changes are written.
 */
class ClientModeDegradedTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void requestsWorkFromMemoryWhileTheClusterIsDownAndBackupsResumeAfter() throws Exception {
        TestCluster cluster = new TestCluster(1);
        Path memberConfig = cluster.memberConfig(0);
        HazelcastInstance member = Hazelcast.newHazelcastInstance(Config.loadFromFile(memberConfig.toFile()));
        try (JettyNode node = new JettyNode(Map.of("self", "c1", "secret", cluster.secret(), "hazelcast.mode", "client",
                "hazelcast.config", cluster.clientConfig().toString(), "status.enabled", "true", "write-mode", "async",
                "write-timeout", "1s", "retry.backoff", "100ms", "retry.backoff-max", "500ms"))) {
            Browser browser = new Browser();
            browser.call(node.baseUrl(), "op=set&name=a&value=1");
            String key = cluster.protection().mapKey(SessionIds.keyOf(browser.sessionId()));
            await().atMost(Duration.ofSeconds(20)).until(() -> member.getMap("affinity-sessions").containsKey(key));
            assertThat(status(node).get("hazelcast").asText()).isEqualTo("up");

            member.getLifecycleService().terminate();
            long start = System.nanoTime();
            browser.call(node.baseUrl(), "op=set&name=b&value=2");
            assertThat(browser.call(node.baseUrl(), "op=dump")).isEqualTo("{a=1, b=2}");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(10)).until(() -> status(node).get("hazelcast").asText().equals("degraded"));

            HazelcastInstance restarted = Hazelcast.newHazelcastInstance(Config.loadFromFile(memberConfig.toFile()));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> restarted.<String, BackupRecord>getMap("affinity-sessions")
                        .containsKey(key) && restarted.<String, BackupRecord>getMap("affinity-sessions").get(key).attributes().size() == 2);
                await().atMost(Duration.ofSeconds(10)).until(() -> status(node).get("hazelcast").asText().equals("up"));
            } finally {
                restarted.getLifecycleService().terminate();
            }
        }
    }

    private static JsonNode status(Node node) throws Exception {
        return JSON.readTree(Browser.fetch(node.baseUrl(), "/affinity/session-status"));
    }
}
