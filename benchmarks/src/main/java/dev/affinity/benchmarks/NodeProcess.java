package dev.affinity.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One demo node, {@code java -jar affinity-node.jar}, in its own process; killed with {@code SIGKILL} and started again. */
final class NodeProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    private final Path jar;
    private final String name;
    private final int port;
    private final String members;
    private final String secret;
    private final Map<String, String> settings;
    private final Path log;
    private Process process;

    NodeProcess(Path jar, String name, int port, String members, String secret, Map<String, String> settings, Path log) {
        this.jar = jar;
        this.name = name;
        this.port = port;
        this.members = members;
        this.secret = secret;
        this.settings = settings;
        this.log = log;
    }

    /** This node's base URL. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the process and waits until its health answers {@code 200}; the milliseconds that took. */
    long start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toString(), "--port", String.valueOf(port),
                "--members", members, "--name", name));
        settings.forEach((setting, value) -> command.addAll(List.of("--set", setting + "=" + value)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("AFFINITY_SECRET", secret);
        long start = System.nanoTime();
        process = builder.start();
        long deadline = start + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (get("/affinity/health").map(HttpResponse::statusCode).orElse(0) == 200) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(20);
        }
        throw new IOException(name + " did not become ready within " + START_LIMIT.toSeconds() + " s: see " + log);
    }

    /** Kills the process with {@code SIGKILL}. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Whether this node's status says {@code member} is down. */
    boolean seesDown(String member) throws InterruptedException {
        return get("/affinity/status").map(HttpResponse::body).orElse("").replace(" ", "").contains("\"" + member + "\":\"down\"");
    }

    /** The answer to {@code GET path} on this node, if it answers. */
    private Optional<HttpResponse<String>> get(String path) throws InterruptedException {
        try {
            return Optional.of(HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            kill();
        }
    }
}
