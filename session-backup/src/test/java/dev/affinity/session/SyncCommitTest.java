package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.testing.Browser;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sync mode: whatever commits a response while its servlet still runs (a flush, a body larger than
 * the response buffer through the writer or the stream, a body reaching its Content-Length, a
 * Content-Length set that the body already reaches, an error, a redirect), the backup is
 * acknowledged before the client sees the response, and before the servlet goes on.
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
    @CsvSource({"set-flush-wait, 7", "set-big-wait, 100000", "set-length-wait, 5", "set-written-length-wait, 5",
            "set-big-stream-wait, 100000"})
    void aResponseCommittedWhileItsServletRunsReachesTheClientOnlyAfterTheBackup(String op, int bodyBytes) throws Exception {
        Change change = change(op);
        try {
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(change.request(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(SessionServlet.release.getCount()).as("the servlet is still running").isEqualTo(1);
            assertThat(nodes.map().get(change.key()).attributes()).containsKey("b");
            SessionServlet.release.countDown();
            try (InputStream body = response.body()) {
                assertThat(body.readAllBytes()).hasSize(bodyBytes);
            }
        } finally {
            SessionServlet.release.countDown();
        }
    }

    @ParameterizedTest
    @CsvSource({"set-error-wait, 409", "set-redirect-wait, 302"})
    void anErrorOrARedirectIsBackedUpBeforeTheServletGoesOn(String op, int status) throws Exception {
        Change change = change(op);
        try {
            CompletableFuture<HttpResponse<Void>> response = HttpClient.newHttpClient()
                    .sendAsync(change.request(), HttpResponse.BodyHandlers.discarding());
            await().atMost(Duration.ofSeconds(20)).until(() -> nodes.map().get(change.key()).attributes().containsKey("b"));
            assertThat(SessionServlet.release.getCount()).as("the servlet is still running").isEqualTo(1);
            SessionServlet.release.countDown();
            assertThat(response.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(status);
        } finally {
            SessionServlet.release.countDown();
        }
    }

    /** A request of a session's (under map key {@code key}) that sets b with {@code op}, its servlet held until {@code release}. */
    private record Change(String key, HttpRequest request) {
    }

    /** Starts a session (attribute a set) and holds the servlet of the next {@code op} request in it until released. */
    private static Change change(String op) throws Exception {
        Browser browser = new Browser();
        browser.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=a&value=1")).okBody();
        String id = browser.sessionId().orElseThrow();
        SessionServlet.release = new CountDownLatch(1);
        return new Change(nodes.mapKey(id), HttpRequest.newBuilder(URI.create(nodes.a.baseUrl() + "/s?op=" + op + "&name=b&value=2"))
                .header("Cookie", "JSESSIONID=" + id).timeout(Duration.ofSeconds(20)).build());
    }
}
