package dev.affinity.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.affinity.testing.Browser;
import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.ServletApp;
import dev.affinity.testing.ServletContainer;
import dev.affinity.testing.TomcatContainer;
import java.net.URI;
import java.util.Map;

/**
 * A webapp node under test on 127.0.0.1: a real container with the filter at {@code /app},
 * {@link SessionServlet} on {@code /s} and {@link AsyncSessionServlet} on {@code /async}.
 */
final class Node implements SessionNode {
    private final SessionBackupFilter filter = new SessionBackupFilter();
    private final ServletContainer container;

    private Node(ServletContainer container, int port, Map<String, String> filterSettings) throws Exception {
        this.container = container;
        try {
            container.bind(port);
            container.start(new ServletApp("/app")
                    .filter("session-backup", filter, filterSettings)
                    .servlet("session", new SessionServlet(), "/s")
                    .asyncServlet("async", new AsyncSessionServlet(), "/async"));
        } catch (Exception | Error e) {
            container.close();
            throw e;
        }
    }

    /** A node on embedded Jetty 12 and a free port. */
    static Node onJetty(Map<String, String> filterSettings) throws Exception {
        return onJetty(0, filterSettings);
    }

    /** A node on embedded Jetty 12 and {@code port}. */
    static Node onJetty(int port, Map<String, String> filterSettings) throws Exception {
        return new Node(new JettyContainer(), port, filterSettings);
    }

    /** A node on embedded Tomcat (11 or 10.1, whichever is on the class path) and a free port. */
    static Node onTomcat(Map<String, String> filterSettings) throws Exception {
        return new Node(new TomcatContainer(), 0, filterSettings);
    }

    @Override
    public URI baseUrl() {
        return URI.create(container.baseUrl() + "/app");
    }

    /** The filter's status ({@code session-status.enabled=true}) as JSON, asked from 127.0.0.1, which it admits by default. */
    JsonNode status() {
        return new Browser().get(URI.create(baseUrl() + "/affinity/session-status")).json();
    }

    /** The filter instance, for its counters. */
    SessionBackupFilter filter() {
        return filter;
    }

    @Override
    public void close() throws Exception {
        container.close();
    }
}
