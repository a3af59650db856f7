package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import dev.affinity.testing.TestBudgets;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.catalina.util.ServerInfo;
import org.junit.jupiter.api.Test;

/**
 * The Servlet session contract of Tomcat's own sessions under the toolkit's {@code AffinityManager}
 * (11 by default; 10.1 in the {@code tomcat10} run): the listener is declared in {@code web.xml},
 * the cookie is Tomcat's (its cookie processor says SameSite), expiry is Tomcat's background check;
 * and a session created and re-keyed by Tomcat's FORM login is backed up under its new id.
 */
class ManagerContractTest extends ServletSpecContract {
    private ManagerNode node;

    @Override
    SessionNode start(Map<String, String> settings) throws Exception {
        Map<String, String> attributes = new HashMap<>(settings);
        // Tomcat owns these: the listener is in web.xml, expiry is its background processor's
        attributes.remove("listeners");
        attributes.remove("expiry.interval");
        node = ManagerNode.start(attributes);
        return node;
    }

    /**
     * Tomcat's own {@code StandardSession} hands the listener of a replaced binding-listener value the
     * event it made for {@code valueBound}, which carries the new value.
     */
    @Override
    String replacedBindingListener() {
        return "second";
    }

    @Test
    void anAsyncRequestIsBackedUpWhenItsProcessingCompletes() {
        Browser browser = new Browser();
        assertThat(browser.get(AsyncSessionServlet.at(node.baseUrl(), "name=late&value=yes")).okBody()).isEqualTo("ok");
        String id = browser.sessionId().orElseThrow();
        await().atMost(TestBudgets.EVENTUALLY).until(() -> map.containsKey(mapKey(id)) && map.get(mapKey(id)).attributes().containsKey("late"));
        assertThat(browser.get(SessionServlet.at(node.baseUrl(), "op=get&name=late")).okBody()).isEqualTo("yes");
    }

    @Test
    void tomcatsSessionOperationsForJmxSeeTheSessions() {
        Browser browser = new Browser();
        browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=a&value=jmx")).okBody();
        String id = browser.sessionId().orElseThrow();
        assertThat(node.manager().listSessionIds()).contains(id);
        assertThat(node.manager().getSessionAttribute(id, "a")).isEqualTo("jmx");
        assertThat(node.manager().getActiveSessions()).isPositive();
    }

    @Test
    void runsOnTheExpectedTomcat() {
        assertThat(ServerInfo.getServerNumber()).startsWith(System.getProperty("expected.tomcat.version"));
    }

    @Test
    void aSessionOfTomcatsFormLoginIsBackedUpUnderTheIdItGetsOnAuthentication() {
        Browser browser = new Browser();
        URI secured = URI.create(node.baseUrl() + "/secure/s?op=set&name=a&value=in");
        assertThat(browser.get(secured).okBody()).contains("j_security_check");
        String before = browser.sessionId().orElseThrow();
        assertThat(RecordingListener.EVENTS).anyMatch(event -> event.startsWith("created:"));
        await().atMost(TestBudgets.EVENTUALLY).until(() -> map.containsKey(mapKey(before)));

        Answer login = browser.postForm(URI.create(node.baseUrl() + "/j_security_check"), Map.of("j_username", "alice", "j_password", "secret"));
        assertThat(login.status()).isEqualTo(303);
        String after = browser.sessionId().orElseThrow();
        assertThat(after).isNotEqualTo(before).endsWith(".n1");
        assertThat(RecordingListener.EVENTS).contains("id:" + before + "->" + after);

        assertThat(browser.get(secured).okBody()).isEqualTo("ok");
        assertThat(browser.get(URI.create(node.baseUrl() + "/secure/s?op=get&name=a")).okBody()).isEqualTo("in");
        assertThat(map.get(mapKey(after)).attributes()).as("the attribute and the user FORM login cached")
                .containsOnlyKeys("a", "dev.affinity.session.tomcat.login");
        await().atMost(TestBudgets.EVENTUALLY).until(() -> !map.containsKey(mapKey(before)));
    }
}
