package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Split-brain protection: with {@code hazelcast.quorum=2}, a node whose member is left alone
 * confirms no change ({@code 503} with {@code Retry-After}, for its sessions and for new ones), and
 * its status says why.
 */
class MinorityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aNodeWhoseMemberIsInAMinorityConfirmsNoChange() throws Exception {
        try (TwoNodes nodes = new TwoNodes(Map.of("hazelcast.quorum", "2", "status.enabled", "true"))) {
            Browser browser = new Browser();
            browser.call(nodes.a.baseUrl(), "op=set&name=x&value=1");
            assertThat(status(nodes.a).path("hazelcast").asText()).isEqualTo("up");

            nodes.member("b").getLifecycleService().terminate();
            await("a sees itself in a minority").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> status(nodes.a).path("reason").asText().equals("minority: 1, quorum 2"));
            assertThat(status(nodes.a).path("hazelcast").asText()).isEqualTo("degraded");

            // a lost a member, so it checks its copies against the backup first, which a minority cannot read
            assertRefused(browser.send(nodes.a.baseUrl(), "op=set&name=x&value=2"));
            assertRefused(browser.send(nodes.a.baseUrl(), "op=get&name=x"));
            // a new session: nothing to read, its first write is refused
            assertRefused(new Browser().send(nodes.a.baseUrl(), "op=set&name=y&value=1"));
            assertThat(nodes.a.filter().stats().refusedChanges()).isEqualTo(1);
        }
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }

    private static JsonNode status(Node node) throws Exception {
        return JSON.readTree(Browser.fetch(node.baseUrl(), "/affinity/session-status"));
    }
}
