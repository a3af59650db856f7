package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Split-brain protection: with {@code hazelcast.quorum=2}, a node whose member is left alone
 * confirms no change ({@code 503} with {@code Retry-After}, for its sessions and for new ones), and
 * its status says why.
 */
class MinorityTest {
    @Test
    void aNodeWhoseMemberIsInAMinorityConfirmsNoChange() throws Exception {
        try (TwoNodes nodes = new TwoNodes(Map.of("hazelcast.quorum", "2", "session-status.enabled", "true"))) {
            Browser browser = new Browser();
            browser.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=x&value=1")).okBody();
            assertThat(nodes.a.status().path("hazelcast").asText()).isEqualTo("up");

            nodes.member("b").getLifecycleService().terminate();
            await("a sees itself in a minority").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> nodes.a.status().path("reason").asText().equals("minority: 1, quorum 2"));
            assertThat(nodes.a.status().path("hazelcast").asText()).isEqualTo("degraded");

            // a lost a member, so it checks its copies against the backup first, which a minority cannot read
            assertRefused(browser.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=x&value=2")));
            assertRefused(browser.get(SessionServlet.at(nodes.a.baseUrl(), "op=get&name=x")));
            // a new session: nothing to read, its first write is refused
            assertRefused(new Browser().get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=y&value=1")));
            assertThat(nodes.a.filter().stats().refusedChanges()).isEqualTo(1);
        }
    }

    private static void assertRefused(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).hasValue("1");
    }
}
