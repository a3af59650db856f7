package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Sync mode on Jetty: with {@code hazelcast.quorum=2}, a node whose member is left alone confirms no
 * change, so no {@code 2xx} leaves it: a new session's first write is refused and its response
 * replaced by a {@code 503} with {@code Retry-After}, and a session it holds, which it must check
 * against the backup after the member loss, is answered {@code 503} rather than served stale.
 */
class JettyStoreSyncRefusalTest {
    @Test
    void aNodeWhoseMemberIsInAMinorityAnswers503InsteadOfAnUnsavedChange() throws Exception {
        HazelcastInstance other = null;
        try (LoopbackHazelcast cluster = new LoopbackHazelcast(2);
             StoreNode node = new StoreNode(StoreNode.settings(cluster, 0, "a", "hazelcast.quorum", "2"))) {
            other = Hazelcast.newHazelcastInstance(Config.loadFromFile(cluster.memberYaml(1).toFile()));
            HazelcastInstance member = other;
            await().atMost(Duration.ofSeconds(60)).until(() -> member.getCluster().getMembers().size() == 2
                    && member.getPartitionService().isClusterSafe());
            Browser browser = new Browser();
            browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=x&value=1")).okBody();

            other.getLifecycleService().terminate();
            await("the node sees itself in a minority").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> status(node).contains("minority: 1, quorum 2"));

            assertRefused(new Browser().get(SessionServlet.at(node.baseUrl(), "op=set&name=y&value=1")),
                    "the change could not be saved right now; retry in a moment");
            assertThat(node.stats().refusedChanges()).isEqualTo(1);
            assertRefused(browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=x&value=2")),
                    "the session cannot be read right now; retry in a moment");
        } finally {
            if (other != null) {
                other.getLifecycleService().terminate();
            }
        }
    }

    private static String status(StoreNode node) {
        return new Browser().get(URI.create(node.baseUrl() + StoreNode.STATUS_PATH)).okBody();
    }

    private static void assertRefused(Answer answer, String reason) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).contains("1");
        assertThat(answer.body()).isEqualTo(reason + "\n");
        assertThat(answer.header("Set-Cookie")).isEmpty();
    }
}
