package dev.affinity.session;

import dev.affinity.session.tomcat.AffinityManager;
import dev.affinity.testing.FileTrees;
import dev.affinity.testing.TomcatContainer;
import dev.affinity.testing.Webapp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A webapp node under test on 127.0.0.1: embedded Tomcat (11 or 10.1, whichever is on the class
 * path) deploying at {@code /app} an exploded webapp whose {@code web.xml} declares
 * {@link RecordingListener}, {@link SessionServlet} at {@code /s} and {@code /secure/s} (FORM login,
 * user {@code alice}/{@code secret} of a {@code MemoryRealm}) and whose {@code META-INF/context.xml}
 * names {@link AffinityManager} with the attributes given. Expiry is checked every second.
 */
final class ManagerNode implements SessionNode {
    /** The resources of the test webapp. */
    private static final String[] RESOURCES = {"WEB-INF/web.xml", "login.html"};

    private final TomcatContainer container = new TomcatContainer();
    private final Path dir;

    private ManagerNode(Map<String, String> managerAttributes, String jvmRoute) throws Exception {
        dir = Files.createTempDirectory("affinity-manager-webapp");
        try {
            container.engine().setJvmRoute(jvmRoute);
            container.bind(0);
            container.deploy(new Webapp(webapp(dir.resolve("app"), managerAttributes), Optional.empty(), Map.of(), dir), "/app");
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** A node on a free port whose manager has these attributes. */
    static ManagerNode start(Map<String, String> managerAttributes) throws Exception {
        return new ManagerNode(managerAttributes, null);
    }

    /** A node on a free port whose manager has these attributes, its Engine this {@code jvmRoute}. */
    static ManagerNode start(Map<String, String> managerAttributes, String jvmRoute) throws Exception {
        return new ManagerNode(managerAttributes, jvmRoute);
    }

    @Override
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + container.port() + "/app");
    }

    /** The webapp's session manager. */
    AffinityManager manager() {
        return (AffinityManager) container.context().getManager();
    }

    /** Stops Tomcat and deletes the webapp's directory. */
    @Override
    public void close() throws Exception {
        try {
            container.close();
        } finally {
            FileTrees.delete(dir);
        }
    }

    private static Path webapp(Path dir, Map<String, String> managerAttributes) throws IOException {
        for (String resource : RESOURCES) {
            Path target = dir.resolve(resource);
            Files.createDirectories(target.getParent());
            try (InputStream in = ManagerNode.class.getResourceAsStream("/manager-webapp/" + resource)) {
                Files.copy(in, target);
            }
        }
        Path users = dir.resolve("WEB-INF/users.xml");
        Files.writeString(users, "<tomcat-users><user username=\"alice\" password=\"secret\" roles=\"user\"/></tomcat-users>\n");
        String attributes = managerAttributes.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + xml(e.getValue()) + "\"").collect(Collectors.joining("\n           "));
        Files.createDirectories(dir.resolve("META-INF"));
        Files.writeString(dir.resolve("META-INF/context.xml"), """
                <Context backgroundProcessorDelay="1">
                  <Manager className="dev.affinity.session.tomcat.AffinityManager" processExpiresFrequency="1"
                           %s/>
                  <Realm className="org.apache.catalina.realm.MemoryRealm" pathname="%s"/>
                  <CookieProcessor sameSiteCookies="lax"/>
                </Context>
                """.formatted(attributes, xml(users.toAbsolutePath().toString())));
        return dir;
    }

    private static String xml(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}
