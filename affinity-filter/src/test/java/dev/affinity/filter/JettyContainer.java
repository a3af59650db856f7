package dev.affinity.filter;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An embedded Jetty 12 (ee10) server. */
final class JettyContainer implements Container {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final boolean filterAsyncSupported;

    /** A server whose filter is declared async-supported, as the README requires. */
    JettyContainer() {
        this(true);
    }

    JettyContainer(boolean filterAsyncSupported) {
        this.filterAsyncSupported = filterAsyncSupported;
    }

    @Override
    public int bind(int port) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.open();
        server.addConnector(connector);
        return connector.getLocalPort();
    }

    @Override
    public void start(HttpServlet app, Map<String, String> filterParameters) throws Exception {
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/app");
        FilterHolder filter = new FilterHolder(AffinityFilter.class);
        filter.setAsyncSupported(filterAsyncSupported);
        filter.setInitParameters(filterParameters);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(app), "/*");
        server.setHandler(context);
        server.start();
    }

    @Override
    public void close() throws Exception {
        server.stop();
        connector.close();
    }
}
