package dev.affinity.session;

import dev.affinity.testing.ChildJvm;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A node ({@link NodeMain}, or another main with the same arguments and {@code READY} line) in a separate JVM started from the test class path. */
final class NodeProcess implements AutoCloseable {
    /** The options of every child JVM of these tests (a node or a plain member). */
    static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-Dhazelcast.phone.home.enabled=false",
            "-Djava.net.preferIPv4Stack=true");
    /** How long a child JVM may take to say it is ready (a bound: on a machine loaded by other builds it took over 90 s). */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final ChildJvm jvm;
    private URI baseUrl;

    NodeProcess(String route, Path hazelcastConfig, String writeMode, String secret) throws IOException {
        this(NodeMain.class, route, hazelcastConfig, writeMode, secret);
    }

    /** A node started by {@code main}, which takes {@link NodeMain}'s arguments. */
    NodeProcess(Class<?> main, String route, Path hazelcastConfig, String writeMode, String secret) throws IOException {
        jvm = ChildJvm.main("node-" + route, JVM_OPTIONS, main, route, hazelcastConfig.toString(), writeMode, secret);
    }

    /** Waits (bounded) until the node serves, and answers its base URL. */
    URI awaitReady() {
        baseUrl = URI.create("http://127.0.0.1:" + Integer.parseInt(jvm.awaitLine("READY ", READY_TIMEOUT)) + "/app");
        return baseUrl;
    }

    URI baseUrl() {
        return baseUrl;
    }

    /** {@code kill -9}: no shutdown hook, no final write. */
    void kill() {
        jvm.kill();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        jvm.close();
    }
}
