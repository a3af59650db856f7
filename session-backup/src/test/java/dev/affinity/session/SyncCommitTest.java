package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.Browser;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sync mode: whatever commits a response while its servlet still runs (a flush, a body larger than
 * the response buffer, a body reaching its Content-Length), the backup is acknowledged before the
 * client sees the response.
 */
class SyncCommitTest {
    private static TwoNodes nodes;

    @BeforeAll
    static void start() throws Exception {
        nodes = new TwoNodes(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        nodes.close();
    }

    @ParameterizedTest
    @CsvSource({"set-flush-wait, 7", "set-big-wait, 100000", "set-length-wait, 5"})
    void aResponseCommittedWhileItsServletRunsReachesTheClientOnlyAfterTheBackup(String op, int bodyBytes) throws Exception {
        Browser browser = new Browser();
        browser.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=a&value=1")).okBody();
        String key = nodes.mapKey(browser.sessionId().orElseThrow());
        SessionServlet.release = new CountDownLatch(1);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(nodes.a.baseUrl() + "/s?op=" + op + "&name=b&value=2"))
                    .header("Cookie", "JSESSIONID=" + browser.sessionId().orElseThrow()).timeout(Duration.ofSeconds(20)).build();
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(SessionServlet.release.getCount()).as("the servlet is still running").isEqualTo(1);
            assertThat(nodes.map().get(key).attributes()).containsKey("b");
            SessionServlet.release.countDown();
            try (InputStream body = response.body()) {
                assertThat(body.readAllBytes()).hasSize(bodyBytes);
            }
        } finally {
            SessionServlet.release.countDown();
        }
    }
}
