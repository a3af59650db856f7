package dev.affinity.balancer;

import java.net.URI;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The balancer WAR on embedded Jetty 12 (ee10), with Jetty's default URI compliance or with
 * {@link UriCompliance#UNSAFE}, which passes suspicious request targets on to the webapp.
 */
final class JettyBalancerContainer implements BalancerContainer {
    private final UriCompliance uriCompliance;
    private Server server;

    JettyBalancerContainer(UriCompliance uriCompliance) {
        this.uriCompliance = uriCompliance;
    }

    @Override
    public URI deploy(Path war, Path config, Path workDir) throws Exception {
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setUriCompliance(uriCompliance);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(war.toString());
        webapp.setTempDirectory(workDir.toFile());
        webapp.setInitParameter(BalancerConfigLoader.CONFIG_PROPERTY, config.toString());
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.stop();
        }
    }
}
