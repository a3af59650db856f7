package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.testing.Browser;
import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.LogRecords;
import dev.affinity.testing.LoopbackHazelcast;
import dev.affinity.testing.ServletApp;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * An application's own Hazelcast instance, put in the servlet-context attribute
 * {@link SessionBackupFilter#HAZELCAST_ATTRIBUTE}, holds the backups, and outlives the filter; a
 * member without split-brain protection or a Java-serialization filter is warned of at start.
 */
class ApplicationHazelcastTest {
    @AutoClose
    private LoopbackHazelcast cluster;

    @Test
    void theFilterBacksUpToTheApplicationsInstanceAndLeavesItRunning() throws Exception {
        cluster = new LoopbackHazelcast(1);
        HazelcastInstance own = Hazelcast.newHazelcastInstance(Config.loadFromFile(cluster.memberYaml(0).toFile()));
        try {
            try (LogRecords log = new LogRecords("dev.affinity");
                 JettyContainer container = new JettyContainer()) {
                container.bind(0);
                container.start(app(own, Map.of("self", "a", "secret", cluster.secret(), "write-mode", "sync")));
                assertThat(log.text()).as("what the application's member lacks of the toolkit's protections is said at start")
                        .contains("gives the session map 'affinity-sessions' no split-brain protection")
                        .contains("has no java-serialization-filter");
                URI base = URI.create(container.baseUrl() + "/app");
                assertThat(new Browser().get(SessionServlet.at(base, "op=set&name=user&value=u1")).okBody()).isEqualTo("ok");
                assertThat(own.getMap("affinity-sessions").size()).as("the acknowledged backup is in the application's map").isEqualTo(1);
            }
            assertThat(own.getLifecycleService().isRunning()).as("the application's instance is not shut down by the filter").isTrue();
        } finally {
            own.shutdown();
        }
    }

    @Test
    void somethingElseThanAnInstanceStopsTheStart() throws Exception {
        cluster = new LoopbackHazelcast(1);
        try (JettyContainer container = new JettyContainer()) {
            container.bind(0);
            assertThatThrownBy(() -> container.start(app("not hazelcast", Map.of("self", "a", "secret", cluster.secret()))))
                    .hasStackTraceContaining(SessionBackupFilter.HAZELCAST_ATTRIBUTE)
                    .hasStackTraceContaining("java.lang.String");
        }
    }

    private static ServletApp app(Object hazelcast, Map<String, String> settings) {
        return new ServletApp("/app")
                .contextAttribute(SessionBackupFilter.HAZELCAST_ATTRIBUTE, hazelcast)
                .filter("session-backup", new SessionBackupFilter(), settings)
                .servlet("session", new SessionServlet(), "/s");
    }
}
