package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affinity.testing.JettyContainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A webapp without Micrometer: the filter starts and serves, and only a setting that needs
 * Micrometer stops it, naming the setting. Run by the {@code without-micrometer} execution, whose
 * class path leaves Micrometer out.
 */
class WithoutMicrometerTest {

    @Test
    void theFilterStartsAndServesWithoutMicrometer() throws Exception {
        assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry")).isInstanceOf(ClassNotFoundException.class);
        try (JettyContainer node = new JettyContainer()) {
            int port = node.bind(0);
            node.start(Farm.app("a", Farm.defaults("a", Map.of("a", port)), true));
            HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/app/echo?id=k")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/app/affinity/metrics")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).as("answered by the application").doesNotContain("affinity_requests");
        }
    }

    @Test
    void metricsEnabledWithoutMicrometerStopsTheFilterNamingTheSetting() {
        assertThatThrownBy(() -> {
            try (JettyContainer node = new JettyContainer()) {
                int port = node.bind(0);
                Map<String, String> settings = Farm.defaults("a", Map.of("a", port));
                settings.put("metrics.enabled", "true");
                node.start(Farm.app("a", settings, true));
            }
        }).hasStackTraceContaining("affinity setting 'metrics.enabled' is true but Micrometer is missing");
    }
}
