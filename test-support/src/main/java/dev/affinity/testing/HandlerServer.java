package dev.affinity.testing;

import java.net.URI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A small Jetty server on 127.0.0.1 answering with a plain {@link Handler} (no servlets), for the
 * members and back ends that tests probe. Port 0 picks a free port, which a restart keeps.
 */
public final class HandlerServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    /** Starts {@code handler} on a free port; {@code name} names its threads. */
    public HandlerServer(String name, Handler handler) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName(name);
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setReuseAddress(true);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        connector.setPort(connector.getLocalPort());
    }

    /** The port, the same after a restart. */
    public int port() {
        return connector.getPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Stops serving; {@link #restart} starts again on the same port. */
    public void stop() throws Exception {
        server.stop();
    }

    /** Starts again on the same port. */
    public void restart() throws Exception {
        server.start();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
