package dev.affinity.demo;

import static org.awaitility.Awaitility.await;

import dev.affinity.testing.ChildJvm;
import dev.affinity.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * {@code affinity-node.jar --gateway} in a process of its own, in front of a demo farm's nodes,
 * with the farm's secret, its status open and health checked every 200 ms.
 */
final class GatewayProcess implements AutoCloseable {
    private final Process process;
    private final String base;
    private final Path log;

    private GatewayProcess(Process process, String base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Starts the gateway and returns once its health answers {@code 200}. */
    static GatewayProcess start(DemoFarm farm) throws IOException {
        String members = farm.nodes().stream().map(node -> farm.url(node) + ";name=" + node).collect(Collectors.joining(","));
        int port = FreePorts.next();
        Path log = Files.createTempFile("affinity-gateway-", ".log");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-jar", System.getProperty("node.jar", "target/affinity-node.jar"), "--gateway", "--port", String.valueOf(port),
                "--members", members, "--set", "expose-node=true", "--set", "status.enabled=true",
                "--set", "health.interval=200ms", "--set", "health.fall=2", "--parent-pid", String.valueOf(ProcessHandle.current().pid()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("AFFINITY_SECRET", farm.secret());
        GatewayProcess gateway = new GatewayProcess(builder.start(), "http://127.0.0.1:" + port, log);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .failFast("the gateway exited: see " + log, () -> !gateway.process.isAlive())
                .until(() -> http.send(HttpRequest.newBuilder(URI.create(gateway.base + "/affinity/health")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return gateway;
    }

    /** The gateway's base URL. */
    String base() {
        return base;
    }

    /** Kills the gateway and deletes its log. */
    @Override
    public void close() {
        ChildJvm.kill(process.toHandle());
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
