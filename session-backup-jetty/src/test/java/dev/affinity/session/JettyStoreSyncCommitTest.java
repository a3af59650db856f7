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
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sync mode on Jetty: whatever commits a response while its servlet still runs (a flush, a body
 * larger than the response buffer through the writer or the stream, a body reaching its
 * Content-Length), the session's change is in the backup when the client sees the response head,
 * while the servlet still runs. ({@code sendError} and {@code sendRedirect} commit nothing on Jetty
 * until the servlet returns: their response is sent, after the backup, as any other.)
 */
class JettyStoreSyncCommitTest {
    @AutoClose
    private static LoopbackHazelcast cluster;
    private static StoreNode node;
    private static IMap<String, BackupRecord> map;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LoopbackHazelcast(1);
        node = new StoreNode(StoreNode.settings(cluster, 0, "a"));
        map = TestRecords.backupMap(cluster.memberYaml(0), "a", JettyStoreSyncCommitTest.class.getClassLoader());
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @ParameterizedTest
    @CsvSource({"set-flush-wait", "set-big-wait", "set-length-wait", "set-big-stream-wait"})
    void aResponseCommittedWhileItsServletRunsReachesTheClientOnlyAfterTheBackup(String op) throws Exception {
        Browser browser = new Browser();
        browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=a&value=1")).okBody();
        String id = browser.sessionId().orElseThrow();
        SessionServlet.release = new CountDownLatch(1);
        try {
            HttpRequest change = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/s?op=" + op + "&name=b&value=2"))
                    .header("Cookie", "JSESSIONID=" + id).timeout(Duration.ofSeconds(20)).build();
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(change, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(SessionServlet.release.getCount()).as("the servlet is still running").isEqualTo(1);
            assertThat(map.get(TestRecords.protection(cluster.secret()).mapKey(SessionIds.keyOf(id))).attributes()).containsKey("b");
            SessionServlet.release.countDown();
            try (InputStream body = response.body()) {
                body.readAllBytes();
            }
        } finally {
            SessionServlet.release.countDown();
        }
    }
}
