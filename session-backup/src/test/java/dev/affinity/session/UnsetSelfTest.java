package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.testing.Browser;
import dev.affinity.testing.FreePorts;
import dev.affinity.testing.LoopbackHazelcast;
import dev.affinity.testing.SessionStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Several nodes on one host, {@code self} left out: like the affinity filter, the session filter
 * tells which member it is from the port its first request arrives on. The changes are made once the
 * two members' partitions have their backup replicas (before, a sync change waits for them and may
 * be answered {@code 503} on a busy machine).
 */
class UnsetSelfTest {
    @AutoClose
    private LoopbackHazelcast cluster;

    @Test
    void eachNodeOnOneHostFindsItselfByTheArrivingPort() throws Exception {
        cluster = new LoopbackHazelcast(2);
        int portA = FreePorts.next();
        int portB = FreePorts.next();
        String members = "http://127.0.0.1:" + portA + ";name=a,http://127.0.0.1:" + portB + ";name=b";
        try (Node a = Node.onJetty(portA, settings(cluster, 0, members));
             Node b = Node.onJetty(portB, settings(cluster, 1, members))) {
            for (Node node : List.of(b, a)) {
                await("both members, every partition with its backup replica, as node " + node.baseUrl() + " sees them")
                        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(node::status, status -> SessionStatus.safeWith(status, 2));
            }
            Browser browser = new Browser();
            browser.get(SessionServlet.at(b.baseUrl(), "op=set&name=x&value=1")).okBody();
            assertThat(browser.sessionId().orElseThrow()).endsWith(".b");
            assertThat(b.status().get("self").asText()).isEqualTo("b");
            Browser other = new Browser();
            other.get(SessionServlet.at(a.baseUrl(), "op=set&name=x&value=2")).okBody();
            assertThat(other.sessionId().orElseThrow()).endsWith(".a");
        }
    }

    private static Map<String, String> settings(LoopbackHazelcast cluster, int index, String members) {
        return Map.of("members", members, "secret", cluster.secret(), "hazelcast.config", cluster.memberYaml(index).toString(),
                "session-status.enabled", "true");
    }
}
