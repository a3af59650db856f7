package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.testing.JettyContainer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A member frozen with {@code kill -STOP} while requests wait for its answer: once the forwarding
 * node's probes mark it down, the waiting {@code GET} is answered by the next member and the
 * waiting {@code POST} gets {@code 502}, both within the health detection time plus a second,
 * whatever the idle and response timeouts (30 s here).
 */
class FrozenMemberTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final int FALL = 2;
    /** The longest the forwarding node takes to mark a frozen member down: FALL probes, each timing out, one interval apart. */
    private static final Duration DETECTION = TIMEOUT.plus(INTERVAL).multipliedBy(FALL);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void forwardsWaitingOnAFrozenMemberEndOnceItIsMarkedDown() throws Exception {
        try (Farm farm = Farm.startMixed(name -> name.equals("c") ? ProcessContainer::new : JettyContainer::new, List.of("a", "b", "c"),
                (self, ports) -> {
                    Map<String, String> settings = new LinkedHashMap<>(Farm.defaults(self, ports));
                    settings.put("health.interval", INTERVAL.toMillis() + "ms");
                    settings.put("health.timeout", TIMEOUT.toMillis() + "ms");
                    settings.put("health.fall", String.valueOf(FALL));
                    settings.put("health.rise", "1");
                    settings.put("forward.idle-timeout", "30s");
                    settings.put("forward.response-timeout", "30s");
                    return settings;
                })) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> status(farm).get("members").findValues("confirmed")
                    .stream().allMatch(JsonNode::asBoolean));
            String getKey = farm.keyOwnedBy("c");
            String postKey = "post-" + getKey;
            while (!farm.rank(postKey).get(0).equals("c")) {
                postKey = "post-" + postKey;
            }
            ProcessContainer c = (ProcessContainer) farm.container("c");

            c.freeze();
            try {
                long frozen = System.nanoTime();
                CompletableFuture<HttpResponse<String>> get = http.sendAsync(HttpRequest.newBuilder(farm.url("a", "/app/echo?id=" + getKey))
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
                CompletableFuture<HttpResponse<String>> post = http.sendAsync(HttpRequest.newBuilder(farm.url("a", "/app/echo?id=" + postKey))
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString("order")).build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> gotten = get.get(60, TimeUnit.SECONDS);
                Duration getTook = Duration.ofNanos(System.nanoTime() - frozen);
                HttpResponse<String> posted = post.get(60, TimeUnit.SECONDS);
                Duration postTook = Duration.ofNanos(System.nanoTime() - frozen);

                assertThat(gotten.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(gotten.body()).get("node").asText()).isEqualTo(farm.rank(getKey).get(1));
                assertThat(getTook).as("the GET's wait").isLessThan(DETECTION.plusSeconds(1));
                assertThat(posted.statusCode()).isEqualTo(502);
                assertThat(posted.body()).isEqualTo("affinity: the node owning this request was marked down before it answered\n");
                assertThat(postTook).as("the POST's wait").isLessThan(DETECTION.plusSeconds(1));
                JsonNode status = status(farm);
                assertThat(status.get("health").get("c").asText()).isEqualTo("down");
                assertThat(status.get("counters").get("abandoned").asLong()).isEqualTo(2);
            } finally {
                c.thaw();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> status(farm).get("health").get("c").asText().equals("up"));
        }
    }

    private JsonNode status(Farm farm) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(farm.url("a", "/app/affinity/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }
}
