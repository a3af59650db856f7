package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import dev.affinity.testing.TestBudgets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Jetty nodes with the store in this JVM: node a holds a session; node b takes it over (as after
 * a failover) and changes it. Node a must never serve its old copy: a request with b's id is checked
 * against the backup at once, and a's copy is dropped when a hears of b's write, so a request with
 * a's old id gets b's change too; a change made on a then is kept.
 */
class JettyStoreStaleCopyTest {
    @AutoClose
    private static LoopbackHazelcast cluster;
    private static StoreNode a;
    private static StoreNode b;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LoopbackHazelcast(2);
        a = new StoreNode(StoreNode.settings(cluster, 0, "a"));
        b = new StoreNode(StoreNode.settings(cluster, 1, "b"));
        FormedCluster.member(cluster.memberYaml(0), "a", 2);
    }

    @AfterAll
    static void stop() throws Exception {
        a.close();
        b.close();
    }

    @Test
    void aRequestWithTheTakingOverNodesIdIsServedTheBackupNotTheOldCopy() {
        Browser browser = new Browser();
        browser.get(SessionServlet.at(a.baseUrl(), "op=set&name=x&value=1")).okBody();
        assertThat(browser.get(SessionServlet.at(b.baseUrl(), "op=set&name=x&value=2")).okBody()).isEqualTo("ok");
        assertThat(browser.sessionId().orElseThrow()).as("re-issued with b's route").endsWith(".b");

        assertThat(browser.get(SessionServlet.at(a.baseUrl(), "op=get&name=x")).okBody()).isEqualTo("2");
        assertThat(browser.sessionId().orElseThrow()).endsWith(".a");
    }

    @Test
    void aTakeOverIsHeardAndNoChangeIsLost() {
        Browser onA = new Browser();
        onA.get(SessionServlet.at(a.baseUrl(), "op=set&name=x&value=1")).okBody();
        long dropped = a.stats().droppedCopies();
        Browser onB = new Browser(onA.sessionId().orElseThrow());
        assertThat(onB.get(SessionServlet.at(b.baseUrl(), "op=get&name=x")).okBody()).isEqualTo("1");
        onB.get(SessionServlet.at(b.baseUrl(), "op=set&name=x&value=2")).okBody();
        await("a drops its copy").atMost(TestBudgets.EVENTUALLY).pollInterval(Duration.ofMillis(20))
                .until(() -> a.stats().droppedCopies() > dropped);

        long droppedOnB = b.stats().droppedCopies();
        assertThat(onA.get(SessionServlet.at(a.baseUrl(), "op=get&name=x")).okBody()).as("a serves b's change, not its old copy").isEqualTo("2");
        onA.get(SessionServlet.at(a.baseUrl(), "op=set&name=x&value=3")).okBody();
        await("b drops its copy in turn, a having taken the session back").atMost(TestBudgets.EVENTUALLY).pollInterval(Duration.ofMillis(20))
                .until(() -> b.stats().droppedCopies() > droppedOnB);
        assertThat(onB.get(SessionServlet.at(b.baseUrl(), "op=get&name=x")).okBody()).as("the change made through the old id is kept").isEqualTo("3");
    }
}
