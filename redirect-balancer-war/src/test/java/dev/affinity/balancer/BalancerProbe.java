package dev.affinity.balancer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Asks a running balancer, over HTTP, which members it has and where it sends keys. */
final class BalancerProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI balancer;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    BalancerProbe(URI balancer) {
        this.balancer = balancer;
    }

    /** The status page's JSON. */
    JsonNode status() throws IOException, InterruptedException {
        HttpResponse<String> answer = get("/balancer/status");
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("status answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    /** The names of the members of the default pool, as the status page lists them. */
    Set<String> members() throws IOException, InterruptedException {
        Set<String> names = new TreeSet<>();
        status().path("pools").path("default").path("members").forEach(member -> names.add(member.path("name").asText()));
        return names;
    }

    /** The nodes that {@code keys} customers are redirected to (the host:port of each Location), by member URL. */
    Set<String> redirectTargets(int keys) throws IOException, InterruptedException {
        Set<String> targets = new HashSet<>();
        for (int i = 0; i < keys; i++) {
            HttpResponse<String> answer = get("/shop?customer=c" + i);
            if (answer.statusCode() == 303) {
                URI location = URI.create(answer.headers().firstValue("Location").orElseThrow());
                targets.add(location.getScheme() + "://" + location.getAuthority());
            }
        }
        return targets;
    }

    /** The base URL ({@code http://host:port}) of each node. */
    static Set<String> urls(List<BackendNode> nodes) {
        Set<String> urls = new HashSet<>();
        nodes.forEach(node -> urls.add(node.baseUrl().getScheme() + "://" + node.baseUrl().getAuthority()));
        return urls;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(balancer.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
