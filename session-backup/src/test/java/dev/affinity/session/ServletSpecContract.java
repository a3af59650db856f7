package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.map.IMap;
import dev.affinity.session.protection.BackupProtection;
import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import dev.affinity.testing.TestBudgets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Servlet session contract of the toolkit's session on a real container: listeners,
 * invalidation, expiry and {@code changeSessionId()}, each checked in the backup map too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServletSpecContract {
    @AutoClose
    private LoopbackHazelcast cluster;
    private SessionNode node;
    IMap<String, BackupRecord> map;
    private BackupProtection protection;

    /** Starts the container with these session settings. */
    abstract SessionNode start(Map<String, String> settings) throws Exception;

    @BeforeAll
    void startNode() throws Exception {
        cluster = new LoopbackHazelcast(1);
        Path config = cluster.memberYaml(0);
        protection = TestRecords.protection(cluster.secret());
        node = start(Map.of("self", "n1", "secret", cluster.secret(), "hazelcast.config", config.toString(), "write-timeout", "10s",
                "listeners", RecordingListener.class.getName(), "expiry.interval", "100ms",
                "serialization.allow", "java.lang.*;java.util.*;dev.affinity.session.Probe"));
        map = TestRecords.backupMap(config, "n1", getClass().getClassLoader());
    }

    @AfterAll
    void stopNode() throws Exception {
        node.close();
    }

    @BeforeEach
    void clearEvents() {
        RecordingListener.EVENTS.clear();
        Probe.EVENTS.clear();
    }

    /** Which value the attribute listener is told of when a binding-listener value ({@code first}) is replaced ({@code second}): the old one, as the Servlet spec says. */
    String replacedBindingListener() {
        return "first";
    }

    String mapKey(String sessionId) {
        return protection.mapKey(SessionIds.keyOf(sessionId));
    }

    @Test
    void listenersHearCreationAndAttributeChanges() {
        Browser browser = new Browser();
        browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=a&value=1")).okBody();
        String id = browser.sessionId().orElseThrow();
        browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=a&value=2")).okBody();
        browser.get(SessionServlet.at(node.baseUrl(), "op=remove&name=a")).okBody();
        browser.get(SessionServlet.at(node.baseUrl(), "op=set-object&name=p&value=first")).okBody();
        browser.get(SessionServlet.at(node.baseUrl(), "op=set-object&name=p&value=second")).okBody();

        assertThat(RecordingListener.EVENTS).containsExactly("created:" + id, "added:a=1", "replaced:a=1", "removed:a=2",
                "added:p=Probe(first)", "replaced:p=Probe(" + replacedBindingListener() + ")");
        assertThat(Probe.EVENTS).containsExactly("bound:first", "bound:second", "unbound:first");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLaxByDefault() {
        Answer answer = new Browser().get(SessionServlet.at(node.baseUrl(), "op=touch"));
        assertThat(answer.header("Set-Cookie").orElseThrow().toLowerCase())
                .contains("httponly", "samesite=lax", "path=/app").doesNotContain("secure", "max-age", "domain");
    }

    @Test
    void aSessionIsNewUntilTheClientJoinsIt() {
        Browser browser = new Browser();
        assertThat(browser.get(SessionServlet.at(node.baseUrl(), "op=touch")).okBody()).isEqualTo("new=true");
        assertThat(browser.get(SessionServlet.at(node.baseUrl(), "op=id")).okBody()).isEqualTo("new=false");
    }

    @Test
    void invalidationFiresListenersAndRemovesTheBackup() {
        Browser browser = new Browser();
        browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=a&value=1")).okBody();
        browser.get(SessionServlet.at(node.baseUrl(), "op=set-object&name=p&value=bye")).okBody();
        String id = browser.sessionId().orElseThrow();
        assertThat(map.containsKey(mapKey(id))).isTrue();

        browser.get(SessionServlet.at(node.baseUrl(), "op=invalidate")).okBody();

        assertThat(RecordingListener.EVENTS).contains("destroyed:" + id + ":1", "removed:a=1", "removed:p=Probe(bye)");
        assertThat(Probe.EVENTS).contains("unbound:bye");
        await().atMost(TestBudgets.EVENTUALLY).until(() -> !map.containsKey(mapKey(id)));
        assertThat(new Browser(id).get(SessionServlet.at(node.baseUrl(), "op=get&name=a")).okBody()).isEqualTo("no session");
    }

    @Test
    void anIdleSessionExpiresLocallyAndInTheBackup() {
        Browser browser = new Browser();
        browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=a&value=1")).okBody();
        browser.get(SessionServlet.at(node.baseUrl(), "op=max-inactive&value=1")).okBody();
        String id = browser.sessionId().orElseThrow();
        assertThat(map.get(mapKey(id)).attributes()).containsKey("a");

        await().atMost(Duration.ofSeconds(10)).until(() -> RecordingListener.EVENTS.contains("destroyed:" + id + ":1"));
        await().atMost(TestBudgets.EVENTUALLY).until(() -> !map.containsKey(mapKey(id)));
        assertThat(new Browser(id).get(SessionServlet.at(node.baseUrl(), "op=get&name=a")).okBody()).isEqualTo("no session");
    }

    @Test
    void changeSessionIdKeepsTheAttributesAndMovesTheBackup() {
        Browser browser = new Browser();
        browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=a&value=1")).okBody();
        String oldId = browser.sessionId().orElseThrow();

        String newId = browser.get(SessionServlet.at(node.baseUrl(), "op=change-id")).okBody();

        assertThat(newId).isNotEqualTo(oldId).endsWith(".n1");
        assertThat(browser.sessionId().orElseThrow()).isEqualTo(newId);
        assertThat(RecordingListener.EVENTS).contains("id:" + oldId + "->" + newId);
        assertThat(browser.get(SessionServlet.at(node.baseUrl(), "op=get&name=a")).okBody()).isEqualTo("1");
        await().atMost(TestBudgets.EVENTUALLY).until(() -> !map.containsKey(mapKey(oldId)));
        assertThat(map.get(mapKey(newId)).attributes()).containsOnlyKeys("a");
        assertThat(new Browser(oldId).get(SessionServlet.at(node.baseUrl(), "op=get&name=a")).okBody()).isEqualTo("no session");
    }
}
