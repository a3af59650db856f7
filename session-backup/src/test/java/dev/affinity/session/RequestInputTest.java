package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Session ids a client makes up are never looked up: the request simply has no session, and a new
 * session gets a fresh id. An id in the URL is ignored (no fixation through a link) unless
 * {@code url-session-ids=true}, and even then never turned into a cookie. (Hazelcast configured by XML.)
 */
class RequestInputTest {
    @AutoClose
    private static LoopbackHazelcast cluster;
    private static Node node;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LoopbackHazelcast(1);
        node = Node.onJetty(Map.of("self", "r1", "secret", cluster.secret(), "hazelcast.config", cluster.memberXml(0).toString()));
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
    void anIdInTheUrlIsIgnoredAndNeverBecomesACookie() {
        Browser attacker = new Browser();
        attacker.get(SessionServlet.at(node.baseUrl(), "op=set&name=cart&value=attackers")).okBody();
        String planted = SessionIds.keyOf(attacker.sessionId().orElseThrow()) + ".x";

        Answer read = new Browser().get(URI.create(node.baseUrl() + "/s;jsessionid=" + planted + "?op=get&name=cart"));
        assertThat(read.body()).isEqualTo("no session");
        assertThat(read.response().headers().allValues("Set-Cookie")).isEmpty();

        Browser victim = new Browser();
        Answer write = victim.get(URI.create(node.baseUrl() + "/s;jsessionid=" + planted + "?op=set&name=card&value=victims"));
        assertThat(write.body()).isEqualTo("ok");
        assertThat(SessionIds.keyOf(victim.sessionId().orElseThrow())).as("a fresh id, not the one in the link")
                .isNotEqualTo(SessionIds.keyOf(attacker.sessionId().orElseThrow()));
        assertThat(attacker.get(SessionServlet.at(node.baseUrl(), "op=dump")).okBody()).isEqualTo("{cart=attackers}");
    }

    @Test
    void aNewSessionReplacesAnUnknownId() {
        Browser browser = new Browser("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.r1");
        browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=a&value=1")).okBody();
        assertThat(browser.sessionId().orElseThrow()).isNotEqualTo("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.r1").endsWith(".r1");
        assertThat(browser.get(SessionServlet.at(node.baseUrl(), "op=get&name=a")).okBody()).isEqualTo("1");
    }
}
