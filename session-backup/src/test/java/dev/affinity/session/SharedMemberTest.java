package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import dev.affinity.routing.Member;
import dev.affinity.routing.Routing;
import dev.affinity.routing.RoutingSettings;
import dev.affinity.testing.Browser;
import dev.affinity.testing.FreePorts;
import dev.affinity.testing.LoopbackHazelcast;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The session filter and {@code members=hazelcast} of one node share one Hazelcast member. */
class SharedMemberTest {
    @AutoClose
    private LoopbackHazelcast cluster;

    @Test
    void theRoutingMembershipUsesTheSessionFiltersMember() throws Exception {
        cluster = new LoopbackHazelcast(1);
        Path config = cluster.memberYaml(0);
        int port = FreePorts.next();
        String self = "http://127.0.0.1:" + port + ";name=n1";
        System.setProperty("affinity.hazelcast.config", config.toString());
        try (Node node = Node.onJetty(port, Map.of("self", self, "secret", cluster.secret(), "hazelcast.config", config.toString()))) {
            try (Routing routing = Routing.start(Settings.of(Map.of("members", "hazelcast", "self", self,
                    "health.interval", "0"), RoutingSettings.NAMES), "/health")) {
                assertThat(routing.membership().members()).extracting(Member::name).containsExactly("n1");
                assertThat(routing.membership().members().get(0).baseUrl()).hasToString("http://127.0.0.1:" + port);
            }
            assertThatThrownBy(() -> Routing.start(Settings.of(Map.of("members", "hazelcast",
                    "self", "http://127.0.0.1:1;name=n1", "health.interval", "0"), RoutingSettings.NAMES), "/health"))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("'self'");
            assertThat(new Browser().get(SessionServlet.at(node.baseUrl(), "op=set&name=a&value=1")).okBody()).as("the member still serves").isEqualTo("ok");
        } finally {
            System.clearProperty("affinity.hazelcast.config");
        }
    }
}
