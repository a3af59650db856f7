package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sync mode under the Tomcat manager when the backup cannot confirm anything: with
 * {@code hazelcast.quorum=2}, a node whose member is left alone answers {@code 503} with
 * {@code Retry-After} for its sessions (their copies must be checked against a backup it cannot
 * read) and for a change of a new session (its write is not acknowledged), never a {@code 200}.
 */
class ManagerMinorityTest {

    @Test
    void aNodeWhoseMemberIsInAMinorityConfirmsNoChange() throws Exception {
        try (LoopbackHazelcast cluster = new LoopbackHazelcast(2);
             ManagerNode a = ManagerNode.start(settings(cluster, "a", 0)); ManagerNode b = ManagerNode.start(settings(cluster, "b", 1))) {
            HazelcastInstance memberOfB = FormedCluster.member(cluster.memberYaml(1), "b", 2);
            Browser browser = new Browser();
            browser.get(SessionServlet.at(a.baseUrl(), "op=set&name=x&value=1")).okBody();

            memberOfB.getLifecycleService().terminate();

            await("a refuses its session's requests").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> browser.get(SessionServlet.at(a.baseUrl(), "op=get&name=x")).status() == 503);
            assertRefused(browser.get(SessionServlet.at(a.baseUrl(), "op=set&name=x&value=2")));
            assertRefused(new Browser().get(SessionServlet.at(a.baseUrl(), "op=set&name=y&value=1")));
            assertThat(a.manager().stats().refusedChanges()).isEqualTo(1);
        }
    }

    private static Map<String, String> settings(LoopbackHazelcast cluster, String self, int member) {
        return Map.of("self", self, "secret", cluster.secret(), "hazelcast.config", cluster.memberYaml(member).toString(),
                "write-mode", "sync", "write-timeout", "5s", "hazelcast.quorum", "2");
    }

    private static void assertRefused(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).hasValue("1");
    }
}
