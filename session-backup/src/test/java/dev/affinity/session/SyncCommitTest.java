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
import org.junit.jupiter.api.Test;

/** Sync mode: when a servlet flushes its response, the backup is acknowledged before the client sees it. */
class SyncCommitTest {

    @Test
    void aFlushedResponseReachesTheClientOnlyAfterTheBackup() throws Exception {
        try (TwoNodes nodes = new TwoNodes(Map.of())) {
            Browser browser = new Browser();
            browser.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=a&value=1")).okBody();
            String key = nodes.mapKey(browser.sessionId().orElseThrow());
            SessionServlet.release = new CountDownLatch(1);
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(nodes.a.baseUrl() + "/s?op=set-flush-wait&name=b&value=2"))
                        .header("Cookie", "JSESSIONID=" + browser.sessionId().orElseThrow()).timeout(Duration.ofSeconds(20)).build();
                HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(SessionServlet.release.getCount()).as("the servlet is still running").isEqualTo(1);
                assertThat(nodes.map().get(key).attributes()).containsKey("b");
                SessionServlet.release.countDown();
                try (InputStream body = response.body()) {
                    assertThat(new String(body.readAllBytes())).isEqualTo("flushed");
                }
            } finally {
                SessionServlet.release.countDown();
            }
        }
    }
}
