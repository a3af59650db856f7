package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.map.IMap;
import dev.affinity.session.protection.BackupProtection;
import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import dev.affinity.testing.TestBudgets;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Servlet session contract on Jetty 12 with the toolkit's store: Jetty's own sessions, with the
 * listeners declared in web.xml and in code, invalidation, expiry, {@code changeSessionId()}, binding and
 * activation listeners and a session created by Jetty's FORM login, each change checked in the
 * backup map. The cookie carries {@code <key>.<route>}; {@code HttpSession.getId()} answers the key
 * alone, as Jetty's ids always do (the route is its "worker name").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JettyStoreContractTest {
    private static final String AUTHENTICATED = "org.eclipse.jetty.security.sessionAuthenticated";

    @AutoClose
    private LoopbackHazelcast cluster;
    private StoreNode node;
    private IMap<String, BackupRecord> map;
    private BackupProtection protection;

    @BeforeAll
    void startNode() throws Exception {
        cluster = new LoopbackHazelcast(1);
        node = new StoreNode(StoreNode.settings(cluster, 0, "n1", "expiry.interval", "100ms",
                "serialization.allow", "java.lang.*;java.util.*;dev.affinity.session.Probe;org.eclipse.jetty.security.*"));
        protection = TestRecords.protection(cluster.secret());
        map = TestRecords.backupMap(cluster.memberYaml(0), "n1", getClass().getClassLoader());
    }

    @AfterAll
    void stopNode() throws Exception {
        node.close();
    }

    @BeforeEach
    void clearEvents() {
        RecordingListener.EVENTS.clear();
        ProgrammaticListener.EVENTS.clear();
        Probe.EVENTS.clear();
    }

    private BackupRecord backup(String sessionId) {
        return map.get(protection.mapKey(SessionIds.keyOf(sessionId)));
    }

    /** The session id the application sees: the key of the cookie's id. */
    private static String key(String cookieId) {
        return SessionIds.keyOf(cookieId);
    }

    private URI at(String query) {
        return SessionServlet.at(node.baseUrl(), query);
    }

    @Test
    void idsAreTheBackupKeyWithThisNodesRoute() {
        Browser browser = new Browser();
        browser.get(at("op=touch")).okBody();
        String id = browser.sessionId().orElseThrow();
        assertThat(id).matches("[A-Za-z0-9_-]{32}\\.n1");
        assertThat(backup(id)).isNotNull();
    }

    @Test
    void listenersDeclaredInWebXmlHearCreationAndAttributeChangesAndEachChangeIsBackedUp() {
        Browser browser = new Browser();
        browser.get(at("op=set&name=a&value=1")).okBody();
        String id = browser.sessionId().orElseThrow();
        assertThat(backup(id).attributes()).containsOnlyKeys("a");
        browser.get(at("op=set&name=a&value=2")).okBody();
        browser.get(at("op=remove&name=a")).okBody();
        assertThat(backup(id).attributes()).isEmpty();
        browser.get(at("op=set-object&name=p&value=first")).okBody();
        browser.get(at("op=set-object&name=p&value=second")).okBody();
        assertThat(backup(id).attributes()).containsOnlyKeys("p");

        assertThat(RecordingListener.EVENTS).containsExactly("created:" + key(id), "added:a=1", "replaced:a=1", "removed:a=2",
                "added:p=Probe(first)", "replaced:p=Probe(first)");
        assertThat(ProgrammaticListener.EVENTS).containsExactly("created:" + key(id));
        assertThat(Probe.EVENTS.stream().filter(e -> !e.startsWith("activated:")).toList()).as("Jetty unbinds the old value first")
                .containsExactly("bound:first", "unbound:first", "bound:second");
        // Jetty writes the session (passivating, then activating its values) as the request completes, which may be after
        // the client has read the answer
        await("Jetty passivates and activates a session around each write of a passivating store").atMost(TestBudgets.EVENTUALLY)
                .until(() -> Probe.EVENTS.contains("activated:second"));
    }

    @Test
    void aSessionIsNewUntilTheClientJoinsIt() {
        Browser browser = new Browser();
        assertThat(browser.get(at("op=touch")).okBody()).isEqualTo("new=true");
        assertThat(browser.get(at("op=id")).okBody()).isEqualTo("new=false");
    }

    @Test
    void invalidationFiresListenersAndRemovesTheBackup() {
        Browser browser = new Browser();
        browser.get(at("op=set&name=a&value=1")).okBody();
        browser.get(at("op=set-object&name=p&value=bye")).okBody();
        String id = browser.sessionId().orElseThrow();
        assertThat(backup(id).attributes()).containsOnlyKeys("a", "p");

        browser.get(at("op=invalidate")).okBody();

        assertThat(RecordingListener.EVENTS).contains("destroyed:" + key(id) + ":1", "removed:a=1", "removed:p=Probe(bye)");
        assertThat(Probe.EVENTS).contains("unbound:bye");
        assertThat(ProgrammaticListener.EVENTS).containsExactly("created:" + key(id), "destroyed:" + key(id));
        await().atMost(TestBudgets.EVENTUALLY).until(() -> backup(id) == null);
        assertThat(new Browser(id).get(at("op=get&name=a")).okBody()).isEqualTo("no session");
    }

    @Test
    void anIdleSessionExpiresLocallyAndInTheBackup() {
        Browser browser = new Browser();
        browser.get(at("op=set&name=a&value=1")).okBody();
        browser.get(at("op=max-inactive&value=1")).okBody();
        String id = browser.sessionId().orElseThrow();
        assertThat(backup(id).attributes()).containsKey("a");

        await().atMost(Duration.ofSeconds(15)).until(() -> RecordingListener.EVENTS.contains("destroyed:" + key(id) + ":1"));
        await().atMost(TestBudgets.EVENTUALLY).until(() -> backup(id) == null);
        assertThat(new Browser(id).get(at("op=get&name=a")).okBody()).isEqualTo("no session");
    }

    @Test
    void changeSessionIdKeepsTheAttributesAndMovesTheBackup() {
        Browser browser = new Browser();
        browser.get(at("op=set&name=a&value=1")).okBody();
        String oldId = browser.sessionId().orElseThrow();

        String newKey = browser.get(at("op=change-id")).okBody();

        String newId = browser.sessionId().orElseThrow();
        assertThat(newId).isEqualTo(newKey + ".n1").isNotEqualTo(oldId);
        assertThat(RecordingListener.EVENTS).contains("id:" + key(oldId) + "->" + newKey);
        assertThat(browser.get(at("op=get&name=a")).okBody()).isEqualTo("1");
        await().atMost(TestBudgets.EVENTUALLY).until(() -> backup(oldId) == null);
        assertThat(backup(newId).attributes()).containsOnlyKeys("a");
        assertThat(new Browser(oldId).get(at("op=get&name=a")).okBody()).isEqualTo("no session");
    }

    @Test
    void aSessionCreatedByFormLoginIsBackedUpAndMovesWithTheIdItGetsOnAuthentication() {
        Browser browser = new Browser();
        Answer challenge = browser.get(URI.create(node.baseUrl() + "/secure/s?op=get&name=a"));
        assertThat(challenge.status()).isIn(302, 303);
        assertThat(challenge.header("Location").orElseThrow()).contains("/app/login.html");
        String anonymousId = browser.sessionId().orElseThrow();
        assertThat(backup(anonymousId).attributes()).as("the page asked for, kept by the authenticator")
                .containsKey("org.eclipse.jetty.security.form_URI");

        Answer login = browser.postForm(URI.create(node.baseUrl() + "/j_security_check"),
                Map.of("j_username", StoreNode.USER, "j_password", StoreNode.PASSWORD));
        assertThat(login.status()).isIn(302, 303);
        String authenticatedId = browser.sessionId().orElseThrow();
        assertThat(authenticatedId).isNotEqualTo(anonymousId).endsWith(".n1");
        assertThat(RecordingListener.EVENTS).contains("created:" + key(anonymousId), "id:" + key(anonymousId) + "->" + key(authenticatedId));

        assertThat(browser.get(URI.create(node.baseUrl() + "/secure/s?op=set&name=a&value=secret")).okBody()).isEqualTo("ok");
        await().atMost(TestBudgets.EVENTUALLY).until(() -> backup(anonymousId) == null);
        assertThat(backup(authenticatedId).attributes()).containsKeys(AUTHENTICATED, "a");
        assertThat(new Browser().get(URI.create(node.baseUrl() + "/secure/s?op=get&name=a")).status()).isIn(302, 303);
        assertThat(List.of(browser.get(URI.create(node.baseUrl() + "/secure/s?op=get&name=a")).okBody())).containsExactly("secret");
    }
}
