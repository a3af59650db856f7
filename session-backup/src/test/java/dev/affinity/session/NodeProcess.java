package dev.affinity.session;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** A {@link NodeMain} in a separate JVM started from the test class path. */
final class NodeProcess implements AutoCloseable {
    private final ChildJvm jvm;
    private URI baseUrl;

    NodeProcess(String route, Path hazelcastConfig, String writeMode, String secret) throws IOException {
        jvm = new ChildJvm("node-" + route, NodeMain.class, route, hazelcastConfig.toString(), writeMode, secret);
    }

    /** Waits (bounded) until the node serves, and answers its base URL. */
    URI awaitReady() {
        baseUrl = URI.create("http://127.0.0.1:" + Integer.parseInt(jvm.awaitLine("READY ")) + "/app");
        return baseUrl;
    }

    URI baseUrl() {
        return baseUrl;
    }

    /** {@code kill -9}: no shutdown hook, no final write. */
    void kill() throws InterruptedException {
        jvm.kill();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        jvm.close();
    }
}
