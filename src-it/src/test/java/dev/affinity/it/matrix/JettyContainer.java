package dev.affinity.it.matrix;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ClassMatcher;

/** Embedded Jetty 12 (ee10) with a {@link WebAppContext}. */
public final class JettyContainer implements ServletContainer {
    private Server server;
    private WebAppContext context;

    @Override
    public void start(Webapp webapp) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(webapp.port());
        server.addConnector(connector);
        context = new WebAppContext();
        context.setContextPath("/");
        context.setWar(webapp.war().toString());
        context.setTempDirectory(webapp.workDir().toFile());
        webapp.descriptor().ifPresent(d -> context.setDescriptor(d.toString()));
        webapp.contextParameters().forEach(context::setInitParameter);
        context.setThrowUnavailableOnStartupException(true);
        // the webapps log through the test's SLF4J provider, as the sample's launcher arranges
        context.addProtectedClassMatcher(new ClassMatcher("org.slf4j."));
        server.setHandler(context);
        server.start();
    }

    @Override
    public ClassLoader webappClassLoader() {
        return context.getClassLoader();
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.stop();
        }
    }
}
