package dev.affinity.balancer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.routing.Member;
import dev.affinity.routing.PeerHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Asks every member, at once and each within {@code health.timeout}, for its health check, its
 * affinity status and its session status (see {@link DashboardSettings}); the nodes must let the
 * balancer read their status endpoints ({@code status.allow} on the nodes).
 */
final class NodeReports implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExecutorService executor = Executors.newCachedThreadPool(PeerHttp.daemonThreads("affinity-dashboard"));
    private final HttpClient client = PeerHttp.newClient(Duration.ofSeconds(2), executor);

    /** Each member's report, in member order. */
    Map<Member, NodeReport> ask(List<Member> members, BalancerConfig config) {
        Duration timeout = config.routing().health().timeout();
        Map<Member, CompletableFuture<NodeReport>> asked = new LinkedHashMap<>();
        for (Member member : members) {
            CompletableFuture<HttpResponse<String>> health = get(member.baseUrl().resolve(config.routing().health().path()), timeout);
            CompletableFuture<HttpResponse<String>> status = get(member.baseUrl().resolve(config.dashboard().nodeStatusPath()), timeout);
            CompletableFuture<HttpResponse<String>> sessions = get(member.baseUrl().resolve(config.dashboard().nodeSessionStatusPath()),
                    timeout);
            asked.put(member, CompletableFuture.allOf(health, status, sessions).handle((done, failure) -> {
                JsonNode counters = json(status.getNow(null)).path("counters");
                return new NodeReport(state(health.getNow(null)), number(counters.path("local")), number(counters.path("forwarded")),
                        number(counters.path("failedOver")), number(json(sessions.getNow(null)).path("sessions")));
            }));
        }
        Map<Member, NodeReport> reports = new LinkedHashMap<>();
        asked.forEach((member, report) -> reports.put(member, report.join()));
        return reports;
    }

    private CompletableFuture<HttpResponse<String>> get(URI uri, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).exceptionally(failure -> null);
    }

    private static String state(HttpResponse<String> health) {
        if (health == null) {
            return "unreachable";
        }
        if (health.statusCode() == 200) {
            return NodeReport.SERVING;
        }
        return health.statusCode() == 503 && health.body().startsWith(NodeReport.DRAINING) ? NodeReport.DRAINING : "down";
    }

    private static JsonNode json(HttpResponse<String> answer) {
        if (answer == null || answer.statusCode() != 200) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static OptionalLong number(JsonNode value) {
        return value.isIntegralNumber() ? OptionalLong.of(value.asLong()) : OptionalLong.empty();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
