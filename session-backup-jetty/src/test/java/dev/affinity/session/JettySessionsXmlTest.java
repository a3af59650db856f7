package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.xml.XmlConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The context XML the README gives for a standalone Jetty 12 ({@code docs/jetty-sessions.xml}),
 * applied as Jetty's deployer applies it, with the node's settings as {@code affinity.<name>}
 * context parameters: the webapp's own sessions get ids with the node's route and are backed up.
 */
class JettySessionsXmlTest {
    @Test
    void theDocumentedContextXmlBacksUpTheWebappsSessions() throws Exception {
        Path webapps = Files.createTempDirectory("jetty-webapps");
        Path war = Files.createSymbolicLink(webapps.resolve("shop.war"),
                Path.of(getClass().getResource("/store-webapp/WEB-INF/web.xml").toURI()).getParent().getParent());
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.addBean(StoreNode.loginService());
        try (LoopbackHazelcast cluster = new LoopbackHazelcast(1)) {
            WebAppContext webapp = new WebAppContext();
            webapp.setInitParameter("affinity.self", "x1");
            webapp.setInitParameter("affinity.secret", cluster.secret());
            webapp.setInitParameter("affinity.hazelcast.config", cluster.memberYaml(0).toString());
            XmlConfiguration xml = new XmlConfiguration(ResourceFactory.root().newResource(Path.of("..", "docs", "jetty-sessions.xml")));
            xml.getProperties().put("jetty.webapps", webapps.toString());
            xml.configure(webapp);
            server.setHandler(webapp);
            server.start();

            Browser browser = new Browser();
            browser.get(SessionServlet.at(URI.create("http://127.0.0.1:" + connector.getLocalPort()), "op=set&name=a&value=1")).okBody();

            String id = browser.sessionId().orElseThrow();
            assertThat(id).matches("[A-Za-z0-9_-]{32}\\.x1");
            IMap<String, BackupRecord> map = TestRecords.backupMap(cluster.memberYaml(0), "x1", getClass().getClassLoader());
            assertThat(map.get(TestRecords.protection(cluster.secret()).mapKey(SessionIds.keyOf(id))).attributes()).containsOnlyKeys("a");
        } finally {
            server.stop();
            Files.delete(war);
            Files.delete(webapps);
        }
    }
}
