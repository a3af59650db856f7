package dev.affinity.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ClassMatcher;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Embedded Jetty 12 (ee10). A WAR logs through the test's SLF4J provider (as the demo's launcher
 * arranges), not through a copy in its {@code WEB-INF/lib}.
 */
public final class JettyContainer implements ServletContainer {
    private final Server server;
    private final ServerConnector connector;
    private WebAppContext webapp;
    private Path documentRoot;

    /** Jetty with its default URI compliance. */
    public JettyContainer() {
        this(UriCompliance.DEFAULT);
    }

    /** Jetty with {@code uriCompliance}, e.g. {@link UriCompliance#UNSAFE}, which passes suspicious targets on to the webapp. */
    public JettyContainer(UriCompliance uriCompliance) {
        this(new Server(), uriCompliance);
    }

    private JettyContainer(Server server, UriCompliance uriCompliance) {
        this.server = server;
        HttpConfiguration http = new HttpConfiguration();
        http.setUriCompliance(uriCompliance);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
    }

    @Override
    public int bind(int port) throws Exception {
        connector.setPort(port);
        connector.open();
        return connector.getLocalPort();
    }

    @Override
    public void start(ServletApp app) throws Exception {
        ServletContextHandler context = new ServletContextHandler(app.contextPath());
        app.contextParameters().forEach(context::setInitParameter);
        Map<String, Object> attributes = app.contextAttributes();
        if (!attributes.isEmpty()) {
            context.addEventListener(new ServletContextListener() {
                @Override
                public void contextInitialized(ServletContextEvent event) {
                    attributes.forEach(event.getServletContext()::setAttribute);
                }
            });
        }
        if (!app.resources().isEmpty()) {
            documentRoot = app.writeResources(Files.createTempDirectory("affinity-jetty-docs"));
            context.setBaseResourceAsPath(documentRoot);
        }
        for (ServletApp.FilterEntry entry : app.filters()) {
            FilterHolder holder = entry.instance() != null ? new FilterHolder(entry.instance()) : new FilterHolder(entry.type());
            holder.setName(entry.name());
            holder.setAsyncSupported(entry.asyncSupported());
            holder.setInitParameters(entry.initParameters());
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        for (ServletApp.ServletEntry entry : app.servlets()) {
            ServletHolder holder = new ServletHolder(entry.name(), entry.servlet());
            holder.setAsyncSupported(entry.asyncSupported());
            context.addServlet(holder, entry.mapping());
        }
        server.setHandler(context);
        server.start();
    }

    @Override
    public void deploy(Webapp app) throws Exception {
        webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(app.war().toString());
        webapp.setTempDirectory(app.workDir().toFile());
        app.descriptor().ifPresent(d -> webapp.setDescriptor(d.toString()));
        app.contextParameters().forEach(webapp::setInitParameter);
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.addProtectedClassMatcher(new ClassMatcher("org.slf4j."));
        server.setHandler(webapp);
        server.start();
    }

    /**
     * Jetty whose server has a pool of at most {@code maxThreads} threads, for its connectors and its
     * requests alike, and whose accepted connections send through a socket buffer of
     * {@code sendBufferBytes}: a client that does not read soon holds a pending write.
     */
    public static JettyContainer withMaxThreads(int maxThreads, int sendBufferBytes) {
        JettyContainer jetty = new JettyContainer(new Server(new QueuedThreadPool(maxThreads)), UriCompliance.DEFAULT);
        jetty.connector.setAcceptedSendBufferSize(sendBufferBytes);
        return jetty;
    }

    /** How many of the server's connections have an answer waiting for their client to read what was written before it. */
    public long pendingWrites() {
        return connector.getConnectedEndPoints().stream()
                .filter(endPoint -> endPoint instanceof AbstractEndPoint open && open.getWriteFlusher().isPending())
                .count();
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public ClassLoader webappClassLoader() {
        if (webapp == null) {
            throw new IllegalStateException("no WAR deployed");
        }
        return webapp.getClassLoader();
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
            connector.close();
        } finally {
            if (documentRoot != null) {
                FileTrees.delete(documentRoot);
            }
        }
    }
}
