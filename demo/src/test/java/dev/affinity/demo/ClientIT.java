package dev.affinity.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.client.AffinityHttpClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The partition-aware client against the demo's three node processes: each key goes straight to
 * its owner (no node forwards), and when the owner of a key is killed with {@code kill -9}, its
 * requests continue on another node at once, and once the ring says it is down no node forwards again.
 */
class ClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PATHS = IntStream.range(0, 24).mapToObj(i -> "/price?id=" + i).toList();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void keysGoStraightToTheirOwnersAndContinueThroughTheKillOfAnOwner() throws Exception {
        try (DemoFarm farm = new DemoFarm();
             AffinityHttpClient client = AffinityHttpClient.builder(URI.create(farm.url("node1")))
                     .seeds(URI.create(farm.url("node2"))).build()) {
            Map<String, String> owners = new LinkedHashMap<>();
            for (String path : PATHS) {
                owners.put(path, node(http.send(request(URI.create(farm.url("node1") + path)), HttpResponse.BodyHandlers.discarding())));
            }
            Map<String, Long> before = forwarded(farm, farm.nodes());
            for (String path : PATHS) {
                assertThat(node(client.send(request(logical(path)), HttpResponse.BodyHandlers.discarding()))).as(path).isEqualTo(owners.get(path));
            }
            assertThat(forwarded(farm, farm.nodes())).as("requests forwarded by each node").isEqualTo(before);

            String victim = owners.get(PATHS.get(0));
            List<String> survivors = farm.nodes().stream().filter(node -> !node.equals(victim)).toList();
            farm.kill(victim);
            for (String path : PATHS) {
                HttpResponse<Void> answer = client.send(request(logical(path)), HttpResponse.BodyHandlers.discarding());
                assertThat(answer.statusCode()).as(path).isEqualTo(200);
                assertThat(node(answer)).isIn(survivors);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                client.send(request(logical(PATHS.get(0))), HttpResponse.BodyHandlers.discarding());
                assertThat(client.ring().members()).filteredOn(e -> e.member().name().equals(victim)).allMatch(e -> !e.routable());
                for (String survivor : survivors) {
                    assertThat(status(farm, survivor).get("health").get(victim).asText()).isEqualTo("down");
                }
            });
            Map<String, Long> afterKill = forwarded(farm, survivors);
            for (String path : PATHS) {
                HttpResponse<Void> answer = client.send(request(logical(path)), HttpResponse.BodyHandlers.discarding());
                if (!owners.get(path).equals(victim)) {
                    assertThat(node(answer)).as("a key of a survivor stays there").isEqualTo(owners.get(path));
                }
            }
            assertThat(forwarded(farm, survivors)).as("no forward once the ring says " + victim + " is down").isEqualTo(afterKill);
        }
    }

    private Map<String, Long> forwarded(DemoFarm farm, List<String> nodes) throws Exception {
        Map<String, Long> forwarded = new LinkedHashMap<>();
        for (String node : nodes) {
            forwarded.put(node, status(farm, node).get("counters").get("forwarded").asLong());
        }
        return forwarded;
    }

    private JsonNode status(DemoFarm farm, String node) throws Exception {
        return JSON.readTree(http.send(request(URI.create(farm.url(node) + "/affinity/status")), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build();
    }

    private static URI logical(String path) {
        return URI.create("http://farm" + path);
    }

    private static String node(HttpResponse<?> response) {
        return response.headers().firstValue(AffinityHttpClient.NODE_HEADER).orElseThrow(() -> new AssertionError("no node header: " + response));
    }
}
