package dev.affinity.session;

import java.net.URI;

/** A webapp node under test: a real container with the filter and {@link SessionServlet} on {@code /s}. */
abstract class Node implements AutoCloseable {
    private final SessionBackupFilter filter = new SessionBackupFilter();
    private URI baseUrl;

    /** The node's base URL including the context path. */
    URI baseUrl() {
        return baseUrl;
    }

    /** The filter instance, for its counters. */
    SessionBackupFilter filter() {
        return filter;
    }

    void started(int port) {
        baseUrl = URI.create("http://127.0.0.1:" + port + "/app");
    }

    @Override
    public abstract void close() throws Exception;
}
