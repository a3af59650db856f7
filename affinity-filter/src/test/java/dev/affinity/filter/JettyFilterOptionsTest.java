package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.LogRecords;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Settings that change what the filter does, on two Jetty nodes. */
class JettyFilterOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void forwardingRefusesToStartWithoutASecret() {
        assertThatThrownBy(() -> farm(settings -> settings.remove("secret")).close())
                .hasStackTraceContaining("affinity setting 'secret' is required");
    }

    @Test
    void rfc7239ForwardedReplacesTheXForwardedHeadersWhenChosen() throws Exception {
        try (Farm farm = farm(settings -> settings.put("forward.headers", "forwarded"))) {
            JsonNode seen = echo(farm, "a", farm.keyOwnedBy("b"));

            assertThat(seen.get("node").asText()).isEqualTo("b");
            assertThat(seen.get("xForwardedFor")).isEmpty();
            assertThat(seen.get("forwarded").toString())
                    .isEqualTo("[\"for=\\\"127.0.0.1\\\";proto=http;host=\\\"127.0.0.1:" + farm.port("a") + "\\\"\"]");
        }
    }

    @Test
    void theNodeIsNotExposedAndTheStatusIsOffUnlessEnabled() throws Exception {
        try (Farm farm = farm(settings -> {
            settings.remove("expose-node");
            settings.remove("status.enabled");
        })) {
            HttpResponse<String> forwarded = http.send(HttpRequest.newBuilder(farm.url("a", "/app/echo?id=" + farm.keyOwnedBy("b"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode status = JSON.readTree(http.send(HttpRequest.newBuilder(farm.url("a", "/app/affinity/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());

            assertThat(forwarded.headers().firstValue(AffinityFilter.NODE_HEADER)).isEmpty();
            assertThat(JSON.readTree(forwarded.body()).get("node").asText()).isEqualTo("b");
            assertThat(status.get("node").asText()).as("answered by the application, not the filter").isEqualTo("a");
        }
    }

    @Test
    void aFilterNotDeclaredAsyncSupportedServesItsOwnKeysAndRefusesToForwardClearly() throws Exception {
        try (Farm farm = Farm.startWithFilterNotAsync(JettyContainer::new, List.of("a", "b"))) {
            HttpResponse<String> local = http.send(HttpRequest.newBuilder(farm.url("a", "/app/echo?id=" + farm.keyOwnedBy("a"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> elsewhere = http.send(HttpRequest.newBuilder(farm.url("a", "/app/echo?id=" + farm.keyOwnedBy("b"))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(local.statusCode()).isEqualTo(200);
            assertThat(elsewhere.statusCode()).isEqualTo(500);
            assertThat(elsewhere.body()).isEqualTo("affinity: the request cannot be forwarded\n");
        }
    }

    @Test
    void theStatusIsClosedToAddressesOutsideStatusAllow() throws Exception {
        try (Farm farm = farm(settings -> settings.put("status.allow", "10.9.0.0/16, ::2"))) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(farm.url("a", "/app/affinity/status")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(refused.body()).contains("status.allow").doesNotContain("members");
        }
    }

    @Test
    void oneClientAddressMayHaveOnlyItsShareOfForwardsInProgress() throws Exception {
        try (Farm farm = farm(settings -> settings.put("forward.max-per-client", "2"))) {
            farm.awaitEveryMemberConfirmed();
            Gates.reset();
            String slow = "/app/slow?id=" + farm.keyOwnedBy("b");
            List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    held.add(http.sendAsync(HttpRequest.newBuilder(farm.url("a", slow)).build(), HttpResponse.BodyHandlers.ofString()));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> counter(farm, "a", "forwarded") == 2);
                HttpResponse<String> third = http.send(HttpRequest.newBuilder(farm.url("a", slow)).build(), HttpResponse.BodyHandlers.ofString());

                assertThat(third.statusCode()).isEqualTo(429);
                assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(third.body()).contains("forward.max-per-client");
                assertThat(counter(farm, "a", "overClientCap")).isEqualTo(1);
            } finally {
                Gates.slowReleased.countDown();
            }
            for (CompletableFuture<HttpResponse<String>> request : held) {
                assertThat(request.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> after = http.send(HttpRequest.newBuilder(farm.url("a", slow)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).as("the places are given back").isEqualTo(200);
        }
    }

    /** A member that does not begin answering within forward.response-timeout fails the attempt, long before the idle timeout. */
    @Test
    void aMemberSlowToBeginItsAnswerTimesOutAfterTheResponseTimeout() throws Exception {
        try (Farm farm = farm(settings -> {
            settings.put("forward.response-timeout", "500ms");
            settings.put("forward.idle-timeout", "30s");
        })) {
            farm.awaitEveryMemberConfirmed();
            Gates.reset();
            String slow = "/app/slow?id=" + farm.keyOwnedBy("b");
            try {
                long started = System.nanoTime();
                HttpResponse<String> get = http.send(HttpRequest.newBuilder(farm.url("a", slow)).build(), HttpResponse.BodyHandlers.ofString());
                Duration getTook = Duration.ofNanos(System.nanoTime() - started);
                started = System.nanoTime();
                HttpResponse<String> post = http.send(HttpRequest.newBuilder(farm.url("a", slow)).POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                Duration postTook = Duration.ofNanos(System.nanoTime() - started);

                assertThat(get.statusCode()).isEqualTo(504);
                assertThat(counter(farm, "a", "failedOver")).as("the GET was tried on a too").isEqualTo(1);
                assertThat(getTook).isLessThan(Duration.ofSeconds(10));
                assertThat(post.statusCode()).isEqualTo(504);
                assertThat(post.body()).isEqualTo("affinity: the node owning this request did not answer in time\n");
                assertThat(postTook).isLessThan(Duration.ofSeconds(10));
            } finally {
                Gates.slowReleased.countDown();
            }
        }
    }

    /** Node b has another secret: a refuses its marks and hello, counts and logs them, and still serves what it owns. */
    @Test
    void marksFromAMemberWithAnotherSecretAreCountedAndLogged() throws Exception {
        try (LogRecords log = new LogRecords("dev.affinity");
             Farm farm = farm(settings -> {
                 if (settings.get("self").equals("b")) {
                     settings.put("secret", "another-farm-secret-0123456789");
                 }
             })) {
            farm.awaitEveryMemberConfirmed();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(farm.url("b", "/app/echo?id=" + farm.keyOwnedBy("a"))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).get("node").asText()).isEqualTo("a");
            JsonNode rejected = JSON.readTree(http.send(HttpRequest.newBuilder(farm.url("a", "/app/affinity/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("marksRejected");
            assertThat(rejected.get("b").get("secret mismatch").asLong()).isPositive();
            assertThat(log.text()).contains("marks rejected from b (127.0.0.1): secret mismatch").contains("the same 'secret'");
        }
    }

    /**
     * Node a does not list b yet (a new member list rolled out node by node): a refuses b's hello as
     * coming from a node that is not one of its members, not as a secret mismatch, and b's log says why.
     */
    @Test
    void aHelloFromANodeNotInTheMemberListIsRefusedAsSuch() throws Exception {
        try (LogRecords log = new LogRecords("dev.affinity");
             Farm farm = farm(settings -> {
                 if (settings.get("self").equals("a")) {
                     settings.put("members", Arrays.stream(settings.get("members").split(","))
                             .filter(member -> member.endsWith(";name=a")).collect(Collectors.joining(",")));
                 }
             })) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(log.text())
                    .contains("marks rejected from b (127.0.0.1): not one of this node's members")
                    .contains("answered this node's hello with 403 (affinity: hello refused: b is not one of this node's members)"));
            JsonNode rejected = JSON.readTree(http.send(HttpRequest.newBuilder(farm.url("a", "/app/affinity/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("marksRejected");
            assertThat(rejected.get("b").get("not one of this node's members").asLong()).isPositive();
            assertThat(log.text()).doesNotContain("secret mismatch");
        }
    }

    /**
     * Two nodes with different secrets that each think the other owns a key would pass its
     * request back and forth; the node it comes back to ends it with 508.
     */
    @Test
    void aRequestThatComesBackToANodeEndsWithLoopDetected() throws Exception {
        try (Farm farm = Farm.start(JettyContainer::new, List.of("x", "y"), (self, ports) -> {
            Map<String, String> settings = new LinkedHashMap<>(Farm.defaults(self, ports));
            StringBuilder members = new StringBuilder();
            ports.forEach((name, port) -> members.append(members.length() == 0 ? "" : ",").append("http://127.0.0.1:").append(port)
                    .append(";name=").append(name).append(";weight=").append(name.equals(self) ? "1" : "1000"));
            settings.put("members", members.toString());
            settings.put("secret", "secret-of-node-" + self + "-0123456789");
            return settings;
        })) {
            farm.awaitEveryMemberConfirmed();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(farm.url("x", "/app/echo?id=loop-key")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(508);
            assertThat(answer.body()).startsWith("affinity: forwarding loop detected");
        }
    }

    private long counter(Farm farm, String node, String name) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(farm.url(node, "/app/affinity/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("counters").get(name).asLong();
    }

    private Farm farm(Consumer<Map<String, String>> change) throws Exception {
        return Farm.start(JettyContainer::new, List.of("a", "b"), (self, ports) -> {
            Map<String, String> settings = new LinkedHashMap<>(Farm.defaults(self, ports));
            change.accept(settings);
            return settings;
        });
    }

    private JsonNode echo(Farm farm, String receiver, String key) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(farm.url(receiver, "/app/echo?id=" + key)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }
}
