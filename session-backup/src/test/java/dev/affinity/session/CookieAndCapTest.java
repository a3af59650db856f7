package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cookie's attributes come from the settings; beyond {@code max-sessions} a new session is answered 503, not made. */
class CookieAndCapTest {
    private static final int MAX_SESSIONS = 3;
    @AutoClose
    private static LoopbackHazelcast cluster;
    private static Node node;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LoopbackHazelcast(1);
        Map<String, String> settings = new HashMap<>(Map.of("self", "k1", "secret", cluster.secret(),
                "hazelcast.config", cluster.memberYaml(0).toString(), "max-sessions", String.valueOf(MAX_SESSIONS),
                "session-status.enabled", "true"));
        settings.putAll(Map.of("cookie.same-site", "strict", "cookie.path", "/", "cookie.domain", "shop.example",
                "cookie.secure", "true", "cookie.http-only", "false", "cookie.max-age", "30m"));
        node = Node.onJetty(settings);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void theCookieCarriesTheConfiguredAttributes() {
        Answer answer = new Browser().get(SessionServlet.at(node.baseUrl(), "op=touch"));
        String cookie = answer.header("Set-Cookie").orElseThrow().toLowerCase();
        assertThat(cookie).contains("samesite=strict", "path=/;", "domain=shop.example", "secure", "max-age=1800")
                .doesNotContain("httponly");
    }

    @Test
    void newSessionsBeyondTheCapAreRefusedAndTheOthersServed() throws Exception {
        Browser first = new Browser();
        first.get(SessionServlet.at(node.baseUrl(), "op=set&name=a&value=1")).okBody();
        for (int i = 0; i <= MAX_SESSIONS && sessions() < MAX_SESSIONS; i++) {
            new Browser().get(SessionServlet.at(node.baseUrl(), "op=touch")).okBody();
        }
        long refused = node.filter().stats().refusedSessions();

        Answer answer = new Browser().get(SessionServlet.at(node.baseUrl(), "op=touch"));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).contains("1");
        assertThat(answer.response().headers().allValues("Set-Cookie")).isEmpty();
        assertThat(answer.body()).isEqualTo("this server holds too many sessions right now; retry in a moment\n");
        assertThat(node.filter().stats().refusedSessions()).isEqualTo(refused + 1);
        assertThat(first.get(SessionServlet.at(node.baseUrl(), "op=get&name=a")).okBody()).isEqualTo("1");
        assertThat(new Browser().get(SessionServlet.at(node.baseUrl(), "op=get&name=a")).okBody())
                .as("a request that needs no session").isEqualTo("no session");
    }

    private static int sessions() {
        return node.status().get("sessions").asInt();
    }
}
