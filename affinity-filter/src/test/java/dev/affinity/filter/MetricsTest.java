package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.affinity.metrics.Micrometer;
import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.PrometheusText;
import dev.affinity.testing.TestBudgets;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The affinity filter's meters, scraped from its Prometheus endpoint on two Jetty nodes and read from an application's registry. */
class MetricsTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void theEndpointCountsExactlyWhatWasServedForwardedAndRejected() throws Exception {
        try (Farm farm = Farm.start(JettyContainer::new, List.of("a", "b"), (name, ports) -> {
            Map<String, String> settings = Farm.defaults(name, ports);
            settings.put("metrics.enabled", "true");
            return settings;
        })) {
            farm.awaitEveryMemberConfirmed();
            for (int i = 0; i < 3; i++) {
                assertThat(get(farm.url("a", "/app/echo?id=" + farm.keyOwnedBy("a"))).statusCode()).isEqualTo(200);
            }
            for (int i = 0; i < 2; i++) {
                assertThat(get(farm.url("a", "/app/echo?id=" + farm.keyOwnedBy("b"))).statusCode()).isEqualTo(200);
            }
            assertThat(get(farm.url("a", "/app/echo?id=" + "x".repeat(300))).statusCode()).isEqualTo(400);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape(farm, "a")
                    .require("affinity_forward_duration_seconds_count", Map.of("node", "a"))).isEqualTo(2));
            PrometheusText a = scrape(farm, "a");
            PrometheusText b = scrape(farm, "b");

            assertThat(a.require("affinity_requests_total", Map.of("node", "a", "outcome", "local"))).isEqualTo(3);
            assertThat(a.require("affinity_requests_total", Map.of("node", "a", "outcome", "forwarded"))).isEqualTo(2);
            assertThat(a.require("affinity_requests_total", Map.of("node", "a", "outcome", "failed-over"))).isZero();
            assertThat(a.require("affinity_requests_total", Map.of("node", "a", "outcome", "rejected", "cause", "bad-key"))).isEqualTo(1);
            assertThat(a.require("affinity_requests_total", Map.of("node", "a", "outcome", "rejected", "cause", "unreachable"))).isZero();
            assertThat(b.require("affinity_requests_total", Map.of("node", "b", "outcome", "local"))).as("the forwarded ones").isEqualTo(2);
            assertThat(b.require("affinity_requests_total", Map.of("node", "b", "outcome", "forwarded"))).isZero();
            assertThat(a.require("affinity_forward_duration_seconds_bucket", Map.of("node", "a", "le", "+Inf"))).isEqualTo(2);
            assertThat(a.require("affinity_forward_duration_seconds_sum", Map.of("node", "a"))).isPositive();
            assertThat(a.require("affinity_member_up", Map.of("node", "a", "member", "b"))).isEqualTo(1);
            assertThat(a.require("affinity_member_up", Map.of("node", "a", "member", "a"))).isEqualTo(1);
            assertThat(a.require("affinity_member_draining", Map.of("node", "a", "member", "b"))).isZero();
            assertThat(a.require("affinity_requests_in_flight", Map.of("node", "a"))).as("the scrape is not counted").isZero();

            HttpResponse<String> drained = http.send(HttpRequest.newBuilder(farm.url("b", "/app/affinity/admin/drain"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(drained.statusCode()).isEqualTo(200);
            assertThat(scrape(farm, "b").require("affinity_member_draining", Map.of("node", "b", "member", "b"))).isEqualTo(1);
            // when a hears of it is DrainTest's promise; here only that its gauge follows
            await().atMost(TestBudgets.EVENTUALLY).untilAsserted(() -> assertThat(scrape(farm, "a")
                    .require("affinity_member_draining", Map.of("node", "a", "member", "b"))).isEqualTo(1));
        }
    }

    @Test
    void theEndpointAnswersGetFromStatusAllowOnlyAndIsOffByDefault() throws Exception {
        try (Farm farm = Farm.start(JettyContainer::new, List.of("a", "b"), (name, ports) -> {
            Map<String, String> settings = Farm.defaults(name, ports);
            if (name.equals("a")) {
                settings.put("metrics.enabled", "true");
                settings.put("metrics.path", "/ops/prometheus");
                settings.put("status.allow", "10.9.0.0/16");
            }
            return settings;
        })) {
            HttpResponse<String> refused = get(farm.url("a", "/app/ops/prometheus"));
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(farm.url("a", "/app/ops/prometheus"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> off = get(farm.url("b", "/app/affinity/metrics"));

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(refused.body()).contains("status.allow").doesNotContain("affinity_");
            assertThat(posted.statusCode()).isEqualTo(405);
            assertThat(posted.headers().firstValue("Allow")).hasValue("GET");
            assertThat(off.body()).as("answered by the application").doesNotContain("affinity_requests");
        }
    }

    @Test
    void theApplicationsRegistryReceivesTheMetersUntilTheFilterStops() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (JettyContainer node = new JettyContainer()) {
            int port = node.bind(0);
            Map<String, String> settings = Farm.defaults("a", Map.of("a", port));
            node.start(Farm.app("a", settings, true).contextAttribute(Micrometer.REGISTRY_ATTRIBUTE, registry));
            for (int i = 0; i < 4; i++) {
                assertThat(get(URI.create("http://127.0.0.1:" + port + "/app/echo?id=k" + i)).statusCode()).isEqualTo(200);
            }

            FunctionCounter local = registry.get("affinity.requests").tags("node", "a", "outcome", "local").functionCounter();
            assertThat(local.count()).isEqualTo(4);
            assertThat(registry.get("affinity.forward.duration").timer().count()).isZero();
        }
        assertThat(registry.find("affinity.requests").meters()).as("removed when the filter stops").isEmpty();
    }

    @Test
    void aRegistryAttributeOfAnotherTypeStopsTheFilterNamingIt() {
        assertThatThrownBy(() -> {
            try (JettyContainer node = new JettyContainer()) {
                int port = node.bind(0);
                node.start(Farm.app("a", Farm.defaults("a", Map.of("a", port)), true)
                        .contextAttribute(Micrometer.REGISTRY_ATTRIBUTE, "not a registry"));
            }
        }).hasStackTraceContaining("'dev.affinity.metrics.registry' holds a java.lang.String");
    }

    private PrometheusText scrape(Farm farm, String node) throws Exception {
        HttpResponse<String> response = get(farm.url(node, "/app/affinity/metrics"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        return PrometheusText.parse(response.body());
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
