package dev.affinity.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ClassMatcher;

/**
 * Runs a WAR shipped inside the launcher jar on an embedded Jetty 12 server. The toolkit and
 * Hazelcast log through java.util.logging, one line a record (unless the JVM is told otherwise).
 */
final class EmbeddedWar {
    static {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
    }

    private EmbeddedWar() {
    }

    /** Starts {@code wars/<name>.war} at {@code /} on {@code host:port}. */
    static Server start(String name, String host, int port) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(extract(name).toString());
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.setErrorHandler(new TerseErrorHandler());
        // the webapps log through the launcher's SLF4J and its simple provider, not through copies in WEB-INF/lib
        webapp.addProtectedClassMatcher(new ClassMatcher("org.slf4j."));
        server.setHandler(webapp);
        server.setStopAtShutdown(true);
        server.start();
        return server;
    }

    private static Path extract(String name) {
        try (InputStream war = EmbeddedWar.class.getResourceAsStream("/wars/" + name + ".war")) {
            if (war == null) {
                throw new IllegalStateException("wars/" + name + ".war is missing from the launcher jar: rebuild with mvn package");
            }
            Path file = Files.createTempFile("affinity-" + name + "-", ".war");
            file.toFile().deleteOnExit();
            Files.copy(war, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
