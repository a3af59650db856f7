package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.testing.Browser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many concurrent requests on one session (async writes): no change is lost locally or in the backup. */
class ConcurrentRequestsTest {
    private static final int REQUESTS = 40;

    @Test
    void concurrentChangesAllReachTheBackup() throws Exception {
        try (TwoNodes nodes = new TwoNodes(Map.of("write-mode", "async"))) {
            Browser first = new Browser();
            first.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=start&value=0")).okBody();
            String id = first.sessionId().orElseThrow();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<CompletableFuture<String>> calls = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    String query = "op=set&name=k" + i + "&value=v" + i;
                    calls.add(CompletableFuture.supplyAsync(() -> new Browser(id).get(SessionServlet.at(nodes.a.baseUrl(), query)).okBody(), pool));
                }
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> nodes.record(id).attributes().size() == REQUESTS + 1);

            Browser onB = new Browser(id);
            String all = onB.get(SessionServlet.at(nodes.b.baseUrl(), "op=dump")).okBody();
            for (int i = 0; i < REQUESTS; i++) {
                assertThat(all).contains("k" + i + "=v" + i);
            }
        }
    }
}
