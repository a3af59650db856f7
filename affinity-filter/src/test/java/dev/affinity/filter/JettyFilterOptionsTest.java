package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.testing.JettyContainer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
