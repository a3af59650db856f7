package dev.affinity.benchmarks;

import dev.affinity.balancer.BalancerListener;
import dev.affinity.balancer.RedirectBalancerServlet;
import dev.affinity.filter.AffinityFilter;
import dev.affinity.session.BackupStats;
import dev.affinity.session.jetty.AffinitySessionHandler;
import dev.affinity.session.jetty.AffinitySessions;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty 12 server on 127.0.0.1 and a free port, bound first (so its URL can go into
 * member lists) and started with one of the benchmark's webapps.
 */
final class JettyNode implements AutoCloseable {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    private JettyNode() {
    }

    /** A server bound to a free port of 127.0.0.1, not yet started. */
    static JettyNode bind() throws Exception {
        return bind(0);
    }

    /** A server bound to {@code port} of 127.0.0.1 (0: a free one), not yet started. */
    static JettyNode bind(int port) throws Exception {
        JettyNode node = new JettyNode();
        node.connector.setHost("127.0.0.1");
        node.connector.setPort(port);
        node.connector.open();
        node.server.addConnector(node.connector);
        return node;
    }

    int port() {
        return connector.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Serves {@code app} with no filter. */
    JettyNode serve(HttpServlet app) throws Exception {
        return start(context(app));
    }

    /** Serves {@code app} behind an {@link AffinityFilter} with these init-params. */
    JettyNode serveWithFilter(HttpServlet app, Map<String, String> filterParameters) throws Exception {
        ServletContextHandler context = context(app);
        addFilter(context, new FilterHolder(AffinityFilter.class), filterParameters);
        return start(context);
    }

    /** Serves {@code app} with the container's sessions, behind {@code filter} (with these init-params) unless it is null. */
    JettyNode serveSessions(HttpServlet app, Filter filter, Map<String, String> filterParameters) throws Exception {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.addServlet(new ServletHolder(app), "/*");
        if (filter != null) {
            addFilter(context, new FilterHolder(filter), filterParameters);
        }
        return start(context);
    }

    /** Serves {@code app} with Jetty's own sessions backed up by the toolkit's session store with {@code settings}; its counters. */
    BackupStats serveWithSessionStore(HttpServlet app, Map<String, String> settings) throws Exception {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.addServlet(new ServletHolder(app), "/*");
        AffinitySessionHandler sessions = AffinitySessions.install(context, settings);
        start(context);
        return sessions.store().core().stats();
    }

    private static void addFilter(ServletContextHandler context, FilterHolder filter, Map<String, String> parameters) {
        filter.setAsyncSupported(true);
        filter.setInitParameters(parameters);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    /** Proxies every request to {@code target} with Jetty's plain {@code AsyncProxyServlet}. */
    JettyNode proxyTo(String target) throws Exception {
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder proxy = new ServletHolder(AsyncProxyServlet.Transparent.class);
        proxy.setInitParameter("proxyTo", target);
        proxy.setAsyncSupported(true);
        context.addServlet(proxy, "/*");
        return start(context);
    }

    /** Proxies every request to {@code target} with Jetty 12's core {@code ProxyHandler}, no servlet API in the way. */
    JettyNode coreProxyTo(String target) throws Exception {
        server.setHandler(new ProxyHandler.Reverse(clientToProxy -> HttpURI.build(clientToProxy.getHttpURI()).scheme("http")
                .host("127.0.0.1").port(HttpURI.from(target).getPort()).asImmutable()));
        server.start();
        return this;
    }

    /** Proxies every request with Jetty's {@code AsyncProxyServlet} to the owner of its {@code id} among {@code members} (rendezvous). */
    JettyNode proxyByKey(String members) throws Exception {
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder proxy = new ServletHolder(new KeyedProxyServlet(members));
        proxy.setAsyncSupported(true);
        context.addServlet(proxy, "/*");
        return start(context);
    }

    /** Runs the redirect balancer webapp with this configuration file. */
    JettyNode serveBalancer(Path config) throws Exception {
        ServletContextHandler context = new ServletContextHandler();
        context.setInitParameter("affinity.balancer.config", config.toString());
        context.addEventListener(new BalancerListener());
        ServletHolder balancer = new ServletHolder(RedirectBalancerServlet.class);
        balancer.setInitOrder(1);
        context.addServlet(balancer, "/*");
        return start(context);
    }

    private static ServletContextHandler context(HttpServlet app) {
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(app), "/*");
        return context;
    }

    private JettyNode start(ServletContextHandler context) throws Exception {
        server.setHandler(context);
        server.start();
        return this;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
