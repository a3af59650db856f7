package dev.affinity.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.testing.HandlerServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * The farm is not ready while the balancer itself does not see every node up, even when every node
 * does: a client right after {@code Ready} would get {@code 503 no healthy member}. Real HTTP: one
 * server answers a node's status and the balancer's.
 */
class FarmReadinessTest {
    private static final String NODE_STATUS = """
            {"members": [{"name": "node1", "confirmed": true}, {"name": "node2", "confirmed": true}]}""";

    @Test
    void waitsForTheBalancerToSeeEveryNodeUp() throws Exception {
        AtomicReference<String> balancerStatus = new AtomicReference<>(balancer(false));
        try (HandlerServer server = new HandlerServer("status", new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = Request.getPathInContext(request);
                Content.Sink.write(response, true, path.equals("/balancer/status") ? balancerStatus.get() : NODE_STATUS, callback);
                return true;
            }
        })) {
            FarmReadiness readiness = new FarmReadiness(List.of(server.baseUrl().toString()),
                    Optional.of(server.baseUrl().resolve("/balancer/status").toString()));
            // a status request that takes over its 2 s on a loaded machine is another reason, "does not answer": read again
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(readiness.notReady()).singleElement().asString()
                    .contains("/balancer/status").contains("does not yet see node2 up"));

            balancerStatus.set(balancer(true));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(readiness.notReady()).isEmpty());
        }
    }

    private static String balancer(boolean node2Confirmed) {
        return """
                {"pools": {"default": {"members": [{"name": "node1", "confirmed": true}, {"name": "node2", "confirmed": %s}]}}}"""
                .formatted(node2Confirmed);
    }
}
