package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Session ids a client makes up are never looked up: the request simply has no session. (Hazelcast configured by XML.) */
class RequestInputTest {
    private static Node node;

    @BeforeAll
    static void start() throws Exception {
        node = Node.onJetty(Map.of("self", "r1", "hazelcast.config", new LoopbackHazelcast(1).memberXml(0).toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void malformedOrUnknownIdsMeanNoSession() {
        for (String id : new String[] {"..%2F..%2Fetc", "x".repeat(5000), "short.r1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.r1"}) {
            assertThat(new Browser(id).get(SessionServlet.at(node.baseUrl(), "op=get&name=a")).okBody()).isEqualTo("no session");
        }
        assertThat(node.filter().stats().restored()).isZero();
    }

    @Test
    void aNewSessionReplacesAnUnknownId() {
        Browser browser = new Browser("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.r1");
        browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=a&value=1")).okBody();
        assertThat(browser.sessionId().orElseThrow()).isNotEqualTo("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.r1").endsWith(".r1");
        assertThat(browser.get(SessionServlet.at(node.baseUrl(), "op=get&name=a")).okBody()).isEqualTo("1");
    }
}
