package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import dev.affinity.testing.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The session filter's meters on its Prometheus endpoint: writes on one node, a restore on the
 * other; copies dropped on a take-over and a change refused on a stale copy.
 */
class SessionMetricsTest {
    private static TwoNodes nodes;

    @BeforeAll
    static void start() throws Exception {
        nodes = new TwoNodes(Map.of("session-metrics.enabled", "true"));
    }

    @AfterAll
    static void stop() throws Exception {
        nodes.close();
    }

    @Test
    void writesBytesAndDurationsOnTheWriterAndARestoreOnTheNodeThatTakesOver() {
        PrometheusText before = scrape(nodes.a);
        Browser onA = new Browser();
        onA.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=x&value=1")).okBody();
        onA.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=y&value=22")).okBody();
        PrometheusText a = scrape(nodes.a);

        Map<String, String> acknowledged = Map.of("node", "a", "outcome", "acknowledged");
        assertThat(a.require("affinity_backup_writes_total", acknowledged)
                - before.require("affinity_backup_writes_total", acknowledged)).isEqualTo(2);
        assertThat(a.require("affinity_backup_duration_seconds_count", Map.of("node", "a"))
                - before.require("affinity_backup_duration_seconds_count", Map.of("node", "a"))).isEqualTo(2);
        assertThat(a.require("affinity_backup_bytes_total", Map.of("node", "a")))
                .isEqualTo(nodes.a.filter().stats().attributeBytesWritten()).isPositive();
        assertThat(a.require("affinity_backup_writes_total", Map.of("node", "a", "outcome", "failed"))).isZero();
        assertThat(a.require("affinity_sessions", Map.of("node", "a"))).isGreaterThanOrEqualTo(1);

        double restoredBefore = scrape(nodes.b).require("affinity_backup_restores_total", Map.of("node", "b", "outcome", "restored"));
        Browser onB = new Browser(onA.sessionId().orElseThrow());
        assertThat(onB.get(SessionServlet.at(nodes.b.baseUrl(), "op=get&name=y")).okBody()).isEqualTo("22");
        PrometheusText b = scrape(nodes.b);

        assertThat(b.require("affinity_backup_restores_total", Map.of("node", "b", "outcome", "restored")) - restoredBefore).isEqualTo(1);
        assertThat(b.require("affinity_backup_restores_total", Map.of("node", "b", "outcome", "unauthentic"))).isZero();
        assertThat(b.require("affinity_sessions", Map.of("node", "b"))).isGreaterThanOrEqualTo(1);
    }

    @Test
    void copiesDroppedOnATakeOverAndChangesRefusedOnAStaleCopy() {
        Map<String, String> onA = Map.of("node", "a");
        PrometheusText before = scrape(nodes.a);

        StaleCopies.aTakeOverIsHeardAndNoChangeIsLost(nodes);
        Browser browser = new Browser();
        browser.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=x&value=1")).okBody();
        nodes.makeStaleUnbeknownToA(browser.sessionId().orElseThrow());
        assertThat(browser.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=x&value=2")).status()).isEqualTo(503);
        PrometheusText after = scrape(nodes.a);

        assertThat(after.require("affinity_sessions_dropped_total", onA) - before.require("affinity_sessions_dropped_total", onA))
                .isGreaterThanOrEqualTo(1);
        assertThat(after.require("affinity_backup_refused_changes_total", onA)
                - before.require("affinity_backup_refused_changes_total", onA)).isEqualTo(1);
    }

    @Test
    void theEndpointAnswersGetOnly() throws Exception {
        HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics(nodes.a))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(posted.statusCode()).isEqualTo(405);
        assertThat(posted.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(posted.body()).doesNotContain("affinity_");
    }

    private static PrometheusText scrape(Node node) {
        Answer answer = new Browser().get(metrics(node));
        assertThat(answer.header("Cache-Control")).hasValue("no-store");
        return PrometheusText.parse(answer.okBody());
    }

    private static URI metrics(Node node) {
        return URI.create(node.baseUrl() + "/affinity/session-metrics");
    }
}
