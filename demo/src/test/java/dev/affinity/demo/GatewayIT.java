package dev.affinity.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.testing.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code affinity-node.jar --gateway} in front of the demo's three node processes: each key is
 * answered by the node that owns it, as a node of the farm says, and still answered once that
 * node is killed with {@code kill -9}.
 */
class GatewayIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theGatewaySendsEachKeyToItsOwnerAndFailsOverWhenTheOwnerIsKilled() throws Exception {
        try (DemoFarm farm = new DemoFarm()) {
            String members = farm.nodes().stream().map(node -> farm.url(node) + ";name=" + node).collect(Collectors.joining(","));
            int port = FreePorts.next();
            Path log = Files.createTempFile("affinity-gateway-", ".log");
            ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-jar", System.getProperty("node.jar", "target/affinity-node.jar"), "--gateway", "--port", String.valueOf(port),
                    "--members", members, "--set", "expose-node=true", "--set", "status.enabled=true",
                    "--set", "health.interval=200ms", "--set", "health.fall=2", "--parent-pid", String.valueOf(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("AFFINITY_SECRET", farm.secret());
            Process gateway = builder.start();
            try {
                String base = "http://127.0.0.1:" + port;
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .failFast("the gateway exited: see " + log, () -> !gateway.isAlive())
                        .until(() -> get(base + "/affinity/health").statusCode() == 200);
                assertThat(get(base + "/affinity/status").body()).contains("\"gateway\":true");

                Map<String, String> owners = new HashMap<>();
                for (int i = 0; i < 12; i++) {
                    String path = "/price?id=" + i;
                    String owner = node(get(farm.url("node1") + path));
                    owners.put(path, owner);
                    assertThat(node(get(base + path))).as(path).isEqualTo(owner);
                }
                assertThat(owners.values()).containsOnly("node1", "node2", "node3").hasSizeGreaterThan(0);

                String victim = owners.get("/price?id=0");
                farm.kill(victim);
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> after = get(base + "/price?id=0");
                    assertThat(after.statusCode()).isEqualTo(200);
                    assertThat(node(after)).isNotEqualTo(victim);
                }
            } finally {
                gateway.destroyForcibly();
            }
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String node(HttpResponse<String> response) {
        return response.headers().firstValue("X-Affinity-Node").orElseThrow(() -> new AssertionError("no X-Affinity-Node: " + response));
    }
}
