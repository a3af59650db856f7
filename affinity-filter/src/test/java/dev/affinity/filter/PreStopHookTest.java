package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.testing.JettyContainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes {@code preStop} hook shipped in {@code docs/affinity-prestop.sh}, run as the
 * kubelet runs it (a shell, in the node's network namespace) against a node serving a request:
 * it drains the node, does not end while the request is in flight, and ends with status 0 once
 * the request is answered.
 */
class PreStopHookTest {
    private static final Path HOOK = Path.of("..", "docs", "affinity-prestop.sh");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void theHookDrainsTheNodeAndEndsOnlyOnceItsRequestsAreAnswered() throws Exception {
        try (Farm farm = Farm.start(JettyContainer::new, List.of("a", "b"))) {
            farm.awaitEveryMemberConfirmed();
            Gates.reset();
            CompletableFuture<HttpResponse<String>> held = http.sendAsync(
                    HttpRequest.newBuilder(farm.url("b", "/app/slow?id=" + farm.keyOwnedBy("b"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            Process hook;
            try {
                hook = drainWhileARequestIsHeld(farm);
            } finally {
                Gates.slowReleased.countDown();
            }
            try {
                assertThat(held.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                assertThat(hook.waitFor(20, TimeUnit.SECONDS)).as("the hook ends once the request is answered").isTrue();
                assertThat(hook.exitValue()).as(new String(hook.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
                JsonNode drained = drainState(farm);
                assertThat(drained.get("state").asText()).isEqualTo("draining");
                assertThat(drained.get("requests").asInt()).isZero();
            } finally {
                hook.destroyForcibly();
            }
        }
    }

    /** Starts the hook once the held request is counted; answers it once it drained the node and is still waiting. */
    private Process drainWhileARequestIsHeld(Farm farm) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> drainState(farm).get("requests").asInt() == 1);
        ProcessBuilder run = new ProcessBuilder("sh", HOOK.toString()).redirectErrorStream(true);
        run.environment().put("AFFINITY_URL", "http://127.0.0.1:" + farm.port("b") + "/app");
        run.environment().put("DRAIN_WAIT", "30");
        Process hook = run.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> drainState(farm).get("state").asText().equals("draining"));
            assertThat(hook.waitFor(2, TimeUnit.SECONDS)).as("the hook waits while a request is in flight").isFalse();
            return hook;
        } catch (AssertionError | RuntimeException e) {
            hook.destroyForcibly();
            throw e;
        }
    }

    private JsonNode drainState(Farm farm) throws Exception {
        URI state = farm.url("b", "/app/affinity/admin/drain");
        return JSON.readTree(http.send(HttpRequest.newBuilder(state).build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
