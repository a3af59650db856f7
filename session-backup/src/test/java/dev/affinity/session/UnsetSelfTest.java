package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Several nodes on one host, {@code self} left out: like the affinity filter, the session filter
 * tells which member it is from the port its first request arrives on.
 */
class UnsetSelfTest {

    @Test
    void eachNodeOnOneHostFindsItselfByTheArrivingPort() throws Exception {
        TestCluster cluster = new TestCluster(2);
        int portA = TestCluster.freePort();
        int portB = TestCluster.freePort();
        String members = "http://127.0.0.1:" + portA + ";name=a,http://127.0.0.1:" + portB + ";name=b";
        try (JettyNode a = new JettyNode(portA, settings(cluster, 0, members));
             JettyNode b = new JettyNode(portB, settings(cluster, 1, members))) {
            Browser browser = new Browser();
            browser.call(b.baseUrl(), "op=set&name=x&value=1");
            assertThat(browser.sessionId()).endsWith(".b");
            assertThat(new ObjectMapper().readTree(Browser.fetch(b.baseUrl(), "/affinity/session-status")).get("self").asText())
                    .isEqualTo("b");
            Browser other = new Browser();
            other.call(a.baseUrl(), "op=set&name=x&value=2");
            assertThat(other.sessionId()).endsWith(".a");
        }
    }

    private static Map<String, String> settings(TestCluster cluster, int index, String members) {
        return Map.of("members", members, "secret", cluster.secret(), "hazelcast.config", cluster.memberConfig(index).toString(),
                "status.enabled", "true");
    }
}
