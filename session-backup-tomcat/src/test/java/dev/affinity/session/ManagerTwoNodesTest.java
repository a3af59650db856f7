package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Tomcat nodes with the manager (sync mode) sharing a Hazelcast cluster in this JVM: a
 * response the servlet commits early reaches the client only once its change is backed up, and a
 * session that moves to the other node and back is served from the newer backup, never from the
 * copy the first node kept (which is let go without destroy events); a user logged in with FORM
 * login stays logged in on the node that takes the session over.
 */
class ManagerTwoNodesTest {
    @AutoClose
    private static LoopbackHazelcast cluster;
    private static ManagerNode a;
    private static ManagerNode b;
    private static IMap<String, BackupRecord> map;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LoopbackHazelcast(2);
        a = ManagerNode.start(settings("a", 0));
        b = ManagerNode.start(settings("b", 1));
        map = FormedCluster.backupMap(cluster.memberYaml(0), "a", 2);
    }

    private static Map<String, String> settings(String self, int member) {
        return Map.of("self", self, "secret", cluster.secret(), "hazelcast.config", cluster.memberYaml(member).toString(),
                "write-mode", "sync", "write-timeout", "10s");
    }

    @AfterAll
    static void stop() throws Exception {
        a.close();
        b.close();
    }

    @Test
    void aResponseFlushedWhileItsServletRunsReachesTheClientOnlyAfterTheBackup() throws Exception {
        Browser browser = new Browser();
        browser.get(SessionServlet.at(a.baseUrl(), "op=set&name=a&value=1")).okBody();
        String id = browser.sessionId().orElseThrow();
        SessionServlet.release = new CountDownLatch(1);
        try {
            HttpRequest request = HttpRequest.newBuilder(SessionServlet.at(a.baseUrl(), "op=set-flush-wait&name=b&value=2"))
                    .header("Cookie", "JSESSIONID=" + id).timeout(Duration.ofSeconds(20)).build();
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(SessionServlet.release.getCount()).as("the servlet is still running").isEqualTo(1);
            assertThat(map.get(TestRecords.protection(cluster.secret()).mapKey(SessionIds.keyOf(id))).attributes()).containsKey("b");
            SessionServlet.release.countDown();
            try (InputStream body = response.body()) {
                assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("flushed");
            }
        } finally {
            SessionServlet.release.countDown();
        }
    }

    @Test
    void aSessionThatMovedAwayAndBackIsServedFromTheNewerBackup() {
        RecordingListener.EVENTS.clear();
        Browser browser = new Browser();
        browser.get(SessionServlet.at(a.baseUrl(), "op=set&name=n&value=1")).okBody();
        String key = SessionIds.keyOf(browser.sessionId().orElseThrow());

        assertThat(get(browser, b.baseUrl())).isEqualTo("1");
        assertThat(browser.sessionId().orElseThrow()).isEqualTo(key + ".b");
        browser.get(SessionServlet.at(b.baseUrl(), "op=set&name=n&value=2")).okBody();

        assertThat(get(browser, a.baseUrl())).as("a's own copy still says 1").isEqualTo("2");
        assertThat(browser.sessionId().orElseThrow()).isEqualTo(key + ".a");
        browser.get(SessionServlet.at(a.baseUrl(), "op=set&name=n&value=3")).okBody();
        assertThat(get(browser, b.baseUrl())).isEqualTo("3");
        assertThat(RecordingListener.EVENTS).as("a copy let go or replaced is not a session destroyed")
                .noneMatch(event -> event.startsWith("destroyed:"));
    }

    @Test
    void aUserLoggedInOnOneNodeIsStillLoggedInOnTheNodeThatTakesTheSessionOver() {
        Browser browser = new Browser();
        URI secured = URI.create(a.baseUrl() + "/secure/s?op=set&name=who&value=alice");
        assertThat(browser.get(secured).okBody()).contains("j_security_check");
        assertThat(browser.postForm(URI.create(a.baseUrl() + "/j_security_check"), Map.of("j_username", "alice", "j_password", "secret")).status())
                .isEqualTo(303);
        assertThat(browser.get(secured).okBody()).isEqualTo("ok");

        assertThat(browser.get(URI.create(b.baseUrl() + "/secure/s?op=get&name=who")).okBody()).isEqualTo("alice");
        assertThat(browser.sessionId().orElseThrow()).endsWith(".b");
    }

    private static String get(Browser browser, URI node) {
        return browser.get(SessionServlet.at(node, "op=get&name=n")).okBody();
    }
}
