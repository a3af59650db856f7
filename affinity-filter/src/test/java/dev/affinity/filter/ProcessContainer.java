package dev.affinity.filter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.testing.ChildJvm;
import dev.affinity.testing.ServletApp;
import dev.affinity.testing.ServletContainer;
import dev.affinity.testing.Webapp;
import java.time.Duration;
import java.util.List;

/**
 * A farm node in a JVM of its own ({@link NodeMain}, from the test class path), so a test can freeze
 * it as an operating system freezes a process: {@code kill -STOP}, then {@code kill -CONT}. It runs
 * only a farm node's app ({@link Farm#app}): the node's name and its filter's settings cross over.
 */
final class ProcessContainer implements ServletContainer {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private ChildJvm jvm;
    private int port;

    @Override
    public int bind(int port) throws Exception {
        jvm = ChildJvm.main("node-process", List.of("-Xmx128m"), NodeMain.class, String.valueOf(port));
        this.port = Integer.parseInt(jvm.awaitLine("BOUND ", ANSWER_TIMEOUT));
        return this.port;
    }

    @Override
    public void start(ServletApp app) throws Exception {
        String node = ((TestApp) app.servlets().get(0).servlet()).node();
        jvm.send(node + " " + new ObjectMapper().writeValueAsString(app.filters().stream().filter(f -> f.name().equals("affinity")).findFirst().orElseThrow().initParameters()));
        jvm.awaitLine("STARTED", ANSWER_TIMEOUT);
    }

    @Override
    public void deploy(Webapp webapp) {
        throw new UnsupportedOperationException("a node process runs a farm node's app, not a WAR");
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public ClassLoader webappClassLoader() {
        throw new UnsupportedOperationException("the webapp runs in another JVM");
    }

    /** {@code kill -STOP}: the process keeps its sockets, and the kernel keeps accepting connections nobody answers. */
    void freeze() throws Exception {
        jvm.pause();
    }

    /** {@code kill -CONT}. */
    void thaw() throws Exception {
        jvm.resume();
    }

    @Override
    public void close() throws Exception {
        if (jvm != null) {
            try {
                jvm.stop(Duration.ofSeconds(20));
            } finally {
                jvm.close();
            }
        }
    }
}
