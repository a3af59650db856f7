package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Session ids a client makes up are never looked up: the request simply has no session, and a new
 * session gets a fresh id. An id in the URL is ignored (no fixation through a link) unless
 * {@code url-session-ids=true}, and even then never turned into a cookie. (Hazelcast configured by XML.)
 */
class RequestInputTest {
    private static JettyNode node;

    @BeforeAll
    static void start() throws Exception {
        TestCluster cluster = new TestCluster(1);
        node = new JettyNode(Map.of("self", "r1", "secret", cluster.secret(), "hazelcast.config", cluster.memberConfigXml(0).toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void malformedOrUnknownIdsMeanNoSession() {
        for (String id : new String[] {"..%2F..%2Fetc", "x".repeat(5000), "short.r1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.r1"}) {
            assertThat(new Browser(id).call(node.baseUrl(), "op=get&name=a")).isEqualTo("no session");
        }
        assertThat(node.filter().stats().restored()).isZero();
    }

    @Test
    void anIdInTheUrlIsIgnoredAndNeverBecomesACookie() {
        Browser attacker = new Browser();
        attacker.call(node.baseUrl(), "op=set&name=cart&value=attackers");
        String planted = SessionIds.keyOf(attacker.sessionId()) + ".x";

        HttpResponse<String> read = new Browser().send(node.baseUrl(), "/s;jsessionid=" + planted + "?op=get&name=cart");
        assertThat(read.body()).isEqualTo("no session");
        assertThat(read.headers().allValues("Set-Cookie")).isEmpty();

        Browser victim = new Browser();
        HttpResponse<String> write = victim.send(node.baseUrl(), "/s;jsessionid=" + planted + "?op=set&name=card&value=victims");
        assertThat(write.body()).isEqualTo("ok");
        assertThat(SessionIds.keyOf(victim.sessionId())).as("a fresh id, not the one in the link")
                .isNotEqualTo(SessionIds.keyOf(attacker.sessionId()));
        assertThat(attacker.call(node.baseUrl(), "op=dump")).isEqualTo("{cart=attackers}");
    }

    @Test
    void aNewSessionReplacesAnUnknownId() {
        Browser browser = new Browser("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.r1");
        browser.call(node.baseUrl(), "op=set&name=a&value=1");
        assertThat(browser.sessionId()).isNotEqualTo("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.r1").endsWith(".r1");
        assertThat(browser.call(node.baseUrl(), "op=get&name=a")).isEqualTo("1");
    }
}
