package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in separate JVMs share a Hazelcast cluster; sessions live on node a; {@code kill -9}
 * of node a; node b serves every session with every attribute written before the kill, under an
 * id re-issued with its own route.
 *
 * <p>Sync mode: a response is sent only after its backup is acknowledged, so nothing a client
 * saw succeed is lost (a write caught in flight by the kill, its backup unacknowledged, is answered
 * {@code 503} and retried). Async mode: a change is lost if the node dies in the window between the
 * response and the acknowledgement of the queued write (a few milliseconds on loopback, at most
 * {@code write-timeout} plus retries when Hazelcast is slow); the test waits until node a reports
 * no pending writes before the kill, and checks every acknowledged change survived. Both start
 * writing as soon as b's member has joined, while the partitions are still being copied to it: an
 * acknowledged write has a backup replica even then (sync: a change is answered {@code 503} when it
 * has none within {@code write-timeout}, and sent again).
 */
class FailoverProcessTest {
    private static final int SESSIONS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void syncModeLosesNothingOnKill9() throws Exception {
        failover("sync");
    }

    @Test
    void asyncModeLosesNothingAcknowledgedOnKill9() throws Exception {
        failover("async");
    }

    /** The main class of the node processes, which takes {@link NodeMain}'s arguments and serves {@link SessionServlet} and the session status as it does. */
    Class<?> nodeMain() {
        return NodeMain.class;
    }

    private void failover(String writeMode) throws Exception {
        try (LoopbackHazelcast cluster = new LoopbackHazelcast(2);
             NodeProcess a = new NodeProcess(nodeMain(), "a", cluster.memberYaml(0), writeMode, cluster.secret());
             NodeProcess b = new NodeProcess(nodeMain(), "b", cluster.memberYaml(1), writeMode, cluster.secret())) {
            a.awaitReady();
            b.awaitReady();
            // written at once, while the partitions are still being copied to b's member: a write waits for its
            // partition's backup replica (ApplyDelta.AWAITING_REPLICA), else a's member alone would hold it
            await().atMost(Duration.ofSeconds(60)).until(() -> clusterSize(a) == 2 && clusterSize(b) == 2);

            List<Browser> browsers = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                Browser browser = new Browser();
                set(browser, a, "op=set&name=user&value=u" + i);
                set(browser, a, "op=set&name=cart&value=c" + i);
                set(browser, a, "op=set&name=step&value=" + (i * 7));
                assertThat(browser.sessionId().orElseThrow()).endsWith(".a");
                browsers.add(browser);
            }
            if (writeMode.equals("async")) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> status(a).get("pendingWrites").asInt() == 0);
            }

            a.kill();

            for (int i = 0; i < SESSIONS; i++) {
                Browser browser = browsers.get(i);
                String oldId = browser.sessionId().orElseThrow();
                // as a client does, a 503 (a write caught in flight by the kill) is retried
                Answer dump = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> browser.get(SessionServlet.at(b.baseUrl(), "op=dump")), answer -> answer.status() != 503);
                assertThat(dump.okBody()).isEqualTo("{cart=c" + i + ", step=" + (i * 7) + ", user=u" + i + "}");
                assertThat(browser.sessionId().orElseThrow()).isEqualTo(oldId.substring(0, oldId.length() - 1) + "b");
            }
            assertThat(status(b).get("restored").asInt()).as("each restored, once more after a 503").isGreaterThanOrEqualTo(SESSIONS);
        }
    }

    /** Sends a change to {@code node}, again after a {@code 503} (sync: not backed up within write-timeout), as a client does. */
    private static void set(Browser browser, NodeProcess node, String query) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> browser.get(SessionServlet.at(node.baseUrl(), query)), answer -> answer.status() != 503).okBody();
    }

    private static int clusterSize(NodeProcess node) throws Exception {
        return status(node).get("clusterSize").asInt();
    }

    private static JsonNode status(NodeProcess node) throws Exception {
        return JSON.readTree(new Browser().get(URI.create(node.baseUrl() + "/affinity/session-status")).body());
    }
}
