package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.testing.JettyContainer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node warms up ({@code warm-up}) before it says it is up, on two Jetty nodes. */
class WarmUpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WARM_UPS = 40;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void openTheGates() {
        Gates.warmReleased.countDown();
    }

    @Test
    void aNodeSaysItIsUpOnlyOnceItsWarmUpRanLocallyAndThroughItsForwards() throws Exception {
        Gates.reset();
        try (Farm farm = farm(settings -> {
            settings.put("warm-up", String.valueOf(WARM_UPS));
            settings.put("warm-up.path", "/warm");
            settings.put("warm-up.timeout", "60s");
            settings.put("forward.idle-timeout", "60s");
        })) {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> confirmed(farm, "b"));

            JsonNode warming = status(farm);
            HttpResponse<String> healthWhileWarming = health(farm);

            assertThat(warming.get("selfCheck").asText()).isEqualTo("starting");
            assertThat(healthWhileWarming.statusCode()).isEqualTo(503);
            assertThat(healthWhileWarming.body()).isEqualTo("starting\n");
            assertThat(seen("a") + seen("b")).as("no warm-up request answered while the gate is shut").isZero();

            Gates.warmReleased.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> health(farm).statusCode() == 200);

            assertThat(seen("a") + seen("b")).as("every warm-up request was answered before the node said it is up")
                    .isEqualTo(WARM_UPS);
            assertThat(seen("a")).as("the keys a owns were served on a").isPositive();
            assertThat(seen("b")).as("the keys b owns went through a's forward path").isPositive();
            assertThat(Gates.warmRequestsMarked.get("b").get()).as("each forwarded with a's mark").isEqualTo(seen("b"));
            assertThat(status(farm).get("selfCheck").asText()).isEqualTo("ok");
        }
    }

    @Test
    void badWarmUpSettingsStopTheNodeNamingTheSetting() {
        assertThatThrownBy(() -> farm(settings -> settings.put("warm-up", "-1")).close())
                .hasStackTraceContaining("affinity setting 'warm-up' has the invalid value '-1'");
        assertThatThrownBy(() -> farm(settings -> settings.put("warm-up.path", "warm")).close())
                .hasStackTraceContaining("affinity setting 'warm-up.path' has the invalid value 'warm'");
        assertThatThrownBy(() -> farm(settings -> settings.put("warm-up.timeout", "forever")).close())
                .hasStackTraceContaining("affinity setting 'warm-up.timeout' has the invalid value 'forever'");
    }

    /** Node a with {@code change} to its settings, and node b without a warm-up, which a forwards to. */
    private static Farm farm(Consumer<Map<String, String>> change) throws Exception {
        return Farm.start(JettyContainer::new, List.of("a", "b"), (self, ports) -> {
            Map<String, String> settings = Farm.defaults(self, ports);
            if (self.equals("a")) {
                change.accept(settings);
            }
            return settings;
        });
    }

    private boolean confirmed(Farm farm, String member) throws Exception {
        JsonNode status = status(farm);
        for (JsonNode entry : status.get("members")) {
            if (entry.get("name").asText().equals(member)) {
                return entry.get("confirmed").asBoolean() && status.get("health").get(member).asText().equals("up");
            }
        }
        return false;
    }

    private JsonNode status(Farm farm) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(farm.url("a", "/app/affinity/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private HttpResponse<String> health(Farm farm) throws Exception {
        return http.send(HttpRequest.newBuilder(farm.url("a", "/app/affinity/health")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int seen(String node) {
        AtomicInteger count = Gates.warmRequests.get(node);
        return count == null ? 0 : count.get();
    }
}
