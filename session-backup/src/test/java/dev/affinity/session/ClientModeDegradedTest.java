package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A node in client mode with {@code write-mode=async}: while the cluster is down requests keep
 * working from memory, the status says degraded and no request waits for the cluster; when it is
 * back the changes are written.
 */
class ClientModeDegradedTest {
    @AutoClose
    private LoopbackHazelcast cluster;

    @Test
    void requestsWorkFromMemoryWhileTheClusterIsDownAndBackupsResumeAfter() throws Exception {
        cluster = new LoopbackHazelcast(1);
        Path memberConfig = cluster.memberYaml(0);
        HazelcastInstance member = Hazelcast.newHazelcastInstance(Config.loadFromFile(memberConfig.toFile()));
        try (Node node = Node.onJetty(Map.of("self", "c1", "secret", cluster.secret(), "hazelcast.mode", "client",
                "hazelcast.config", cluster.clientYaml().toString(), "session-status.enabled", "true", "write-mode", "async",
                "write-timeout", "1s", "retry.backoff", "100ms", "retry.backoff-max", "500ms"))) {
            Browser browser = new Browser();
            browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=a&value=1")).okBody();
            String key = TestRecords.protection(cluster.secret()).mapKey(SessionIds.keyOf(browser.sessionId().orElseThrow()));
            await().atMost(Duration.ofSeconds(20)).until(() -> member.getMap("affinity-sessions").containsKey(key));
            // the client starts without waiting for the cluster, so the first write may have failed and been retried:
            // the status is up once the writer has taken in the retry's acknowledgement, a moment after the map shows it
            await().atMost(Duration.ofSeconds(10)).until(() -> node.status().get("hazelcast").asText().equals("up"));

            member.getLifecycleService().terminate();
            long start = System.nanoTime();
            browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=b&value=2")).okBody();
            assertThat(browser.get(SessionServlet.at(node.baseUrl(), "op=dump")).okBody()).isEqualTo("{a=1, b=2}");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(10)).until(() -> node.status().get("hazelcast").asText().equals("degraded"));

            HazelcastInstance restarted = Hazelcast.newHazelcastInstance(Config.loadFromFile(memberConfig.toFile()));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> restarted.<String, BackupRecord>getMap("affinity-sessions")
                        .containsKey(key) && restarted.<String, BackupRecord>getMap("affinity-sessions").get(key).attributes().size() == 2);
                await().atMost(Duration.ofSeconds(10)).until(() -> node.status().get("hazelcast").asText().equals("up"));
            } finally {
                restarted.getLifecycleService().terminate();
            }
        }
    }
}
