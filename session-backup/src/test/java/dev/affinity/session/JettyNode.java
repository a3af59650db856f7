package dev.affinity.session;

import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee10) on 127.0.0.1 and a free port. */
final class JettyNode extends Node {
    private final Server server;

    JettyNode(Map<String, String> filterSettings) throws Exception {
        this(0, filterSettings);
    }

    JettyNode(int port, Map<String, String> filterSettings) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        FilterHolder holder = new FilterHolder(filter());
        holder.setInitParameters(filterSettings);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new SessionServlet()), "/s");
        ServletHolder async = new ServletHolder(new AsyncSessionServlet());
        async.setAsyncSupported(true);
        context.addServlet(async, "/async");
        server.setHandler(context);
        server.start();
        started(connector.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
