package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code url-session-ids=true} an id in the URL finds its session, on any node, but is never turned into a cookie. */
class UrlSessionIdsTest {

    @Test
    void aUrlIdFindsItsSessionAndIsNeverTurnedIntoACookie() throws Exception {
        try (TwoNodes nodes = new TwoNodes(Map.of("url-session-ids", "true"))) {
            Browser browser = new Browser();
            browser.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=x&value=1")).okBody();
            String id = browser.sessionId().orElseThrow();

            Answer onB = new Browser().get(URI.create(nodes.b.baseUrl() + "/s;jsessionid=" + id + "?op=get&name=x"));

            assertThat(onB.body()).isEqualTo("1");
            assertThat(onB.response().headers().allValues("Set-Cookie")).as("the id came in the URL").isEmpty();
        }
    }
}
