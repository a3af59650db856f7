package dev.affinity.routing;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real Jetty server on 127.0.0.1 for tests; port 0 picks a free port, which a restart keeps. */
final class LocalJetty implements AutoCloseable {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    LocalJetty(Handler handler) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setReuseAddress(true);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        connector.setPort(connector.getLocalPort());
    }

    int port() {
        return connector.getPort();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    void stop() throws Exception {
        server.stop();
    }

    void restart() throws Exception {
        server.start();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
