package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cookie's attributes come from the settings; beyond {@code max-sessions} a new session is answered 503, not made. */
class CookieAndCapTest {
    private static final int MAX_SESSIONS = 3;
    private static JettyNode node;

    @BeforeAll
    static void start() throws Exception {
        TestCluster cluster = new TestCluster(1);
        Map<String, String> settings = new HashMap<>(Map.of("self", "k1", "secret", cluster.secret(),
                "hazelcast.config", cluster.memberConfig(0).toString(), "max-sessions", String.valueOf(MAX_SESSIONS),
                "status.enabled", "true"));
        settings.putAll(Map.of("cookie.same-site", "strict", "cookie.path", "/", "cookie.domain", "shop.example",
                "cookie.secure", "true", "cookie.http-only", "false", "cookie.max-age", "30m"));
        node = new JettyNode(settings);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void theCookieCarriesTheConfiguredAttributes() {
        HttpResponse<String> answer = new Browser().send(node.baseUrl(), "/s?op=touch");
        String cookie = answer.headers().firstValue("Set-Cookie").orElseThrow().toLowerCase();
        assertThat(cookie).contains("samesite=strict", "path=/;", "domain=shop.example", "secure", "max-age=1800")
                .doesNotContain("httponly");
    }

    @Test
    void newSessionsBeyondTheCapAreRefusedAndTheOthersServed() throws Exception {
        Browser first = new Browser();
        first.call(node.baseUrl(), "op=set&name=a&value=1");
        for (int i = 0; i <= MAX_SESSIONS && sessions() < MAX_SESSIONS; i++) {
            new Browser().call(node.baseUrl(), "op=touch");
        }
        long refused = node.filter().stats().refusedSessions();

        HttpResponse<String> answer = new Browser().send(node.baseUrl(), "/s?op=touch");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("1");
        assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(answer.body()).isEqualTo("this server holds too many sessions right now; retry in a moment\n");
        assertThat(node.filter().stats().refusedSessions()).isEqualTo(refused + 1);
        assertThat(first.call(node.baseUrl(), "op=get&name=a")).isEqualTo("1");
        assertThat(new Browser().call(node.baseUrl(), "op=get&name=a")).as("a request that needs no session").isEqualTo("no session");
    }

    private static int sessions() throws Exception {
        return new ObjectMapper().readTree(Browser.fetch(node.baseUrl(), "/affinity/session-status")).get("sessions").asInt();
    }
}
