package dev.affinity.demo;

import dev.affinity.filter.AffinityFilter;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A gateway on an embedded Jetty 12 server: the affinity filter alone at the root context, its
 * settings (with {@code gateway=true}) from system properties. It forwards every request, so no
 * webapp runs behind it.
 */
final class EmbeddedGateway {
    private EmbeddedGateway() {
    }

    /** Starts the gateway on {@code host:port}. */
    static Server start(String host, int port) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(AffinityFilter.class);
        filter.setName("affinity");
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.setErrorHandler(new TerseErrorHandler());
        server.setHandler(context);
        server.setStopAtShutdown(true);
        server.start();
        return server;
    }
}
