package dev.affinity.session;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A {@link NodeMain} in a separate JVM started from the test class path. */
final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final Path out;
    private URI baseUrl;

    NodeProcess(String route, Path hazelcastConfig, String writeMode, String secret) throws IOException {
        Path dir = Files.createTempDirectory("affinity-node-" + route);
        out = dir.resolve("stdout.txt");
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        process = new ProcessBuilder(List.of(java, "-Xmx256m", "-Dhazelcast.phone.home.enabled=false",
                "-Djava.net.preferIPv4Stack=true", "-cp", classPath, NodeMain.class.getName(),
                route, hazelcastConfig.toString(), writeMode, secret))
                .redirectOutput(out.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
    }

    /** Waits (bounded) until the node serves, and answers its base URL. */
    URI awaitReady() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("node exited with " + process.exitValue() + "; see " + out.getParent());
            }
            return readyPort().isPresent();
        });
        baseUrl = URI.create("http://127.0.0.1:" + readyPort().orElseThrow() + "/app");
        return baseUrl;
    }

    URI baseUrl() {
        return baseUrl;
    }

    /** {@code kill -9}: no shutdown hook, no final write. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("node did not die");
        }
    }

    private Optional<Integer> readyPort() {
        try {
            return Files.readAllLines(out).stream().filter(l -> l.startsWith("READY ")).findFirst()
                    .map(l -> Integer.parseInt(l.substring(6).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
