package dev.affinity.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.testing.LoopbackHazelcast;
import dev.affinity.session.jetty.AffinitySessionHandler;
import dev.affinity.session.jetty.AffinitySessions;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;

/**
 * A webapp node on embedded Jetty 12 (ee10) whose sessions are Jetty's, backed up by the
 * toolkit's store ({@link AffinitySessions#install}) at {@code /app}: the {@code store-webapp}
 * web.xml (a listener, {@link SessionServlet} on {@code /s} and {@code /secure/s}, FORM login for
 * {@code /secure/*} with the user {@value #USER} / {@value #PASSWORD}), {@link ProgrammaticListener}
 * added in code, and the core's status on {@value #STATUS_PATH} (where the filter's nodes serve theirs).
 */
final class StoreNode implements AutoCloseable {
    static final String USER = "ann";
    static final String PASSWORD = "ann-password";
    static final String STATUS_PATH = "/affinity/session-status";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final AffinitySessionHandler sessions;

    /** The settings of node {@code route} on the member {@code member} of {@code cluster}, sync mode, with the 10 s write budget of a loaded machine, and {@code more}. */
    static Map<String, String> settings(LoopbackHazelcast cluster, int member, String route, String... more) {
        Map<String, String> settings = new HashMap<>(Map.of("self", route, "secret", cluster.secret(), "write-timeout", "10s",
                "hazelcast.config", cluster.memberYaml(member).toString()));
        for (int i = 0; i + 1 < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    StoreNode(Map<String, String> settings) throws Exception {
        this(0, settings);
    }

    StoreNode(int port, Map<String, String> settings) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        WebAppContext webapp = new WebAppContext(webappDirectory().toString(), "/app");
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        sessions = AffinitySessions.install(webapp, settings);
        webapp.addServlet(new ServletHolder(new StatusServlet()), STATUS_PATH);
        webapp.addEventListener(new ProgrammaticListener());
        server.addBean(loginService());
        server.setHandler(webapp);
        try {
            server.start();
        } catch (Exception | Error e) {
            try {
                server.stop();
            } catch (Exception | Error stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
    }

    private static Path webappDirectory() throws URISyntaxException {
        return Path.of(StoreNode.class.getResource("/store-webapp/WEB-INF/web.xml").toURI()).getParent().getParent();
    }

    /** The realm of the webapp's FORM login, with its one user. */
    static HashLoginService loginService() {
        UserStore users = new UserStore();
        users.addUser(USER, Credential.getCredential(PASSWORD), new String[] {"user"});
        HashLoginService login = new HashLoginService("farm");
        login.setUserStore(users);
        return login;
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app");
    }

    /** The backup core's counters. */
    BackupStats stats() {
        return sessions.store().core().stats();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** The backup core's status as JSON. */
    private final class StatusServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("application/json");
            JSON.writeValue(resp.getOutputStream(), sessions.store().core().status());
        }
    }
}
