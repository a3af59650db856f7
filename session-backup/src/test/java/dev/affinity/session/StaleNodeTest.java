package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.Browser;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Node a holds a session; node b takes it over (as after a failover) and changes it; node a,
 * still holding its old copy, can neither overwrite b's data nor serve its stale copy.
 */
class StaleNodeTest {
    private static TwoNodes nodes;

    @BeforeAll
    static void start() throws Exception {
        nodes = new TwoNodes(Map.of("serialization.allow", "java.lang.*;java.util.*;dev.affinity.session.Probe"));
    }

    @AfterAll
    static void stop() throws Exception {
        nodes.close();
    }

    @Test
    void aStaleNodeCannotOverwriteNewerDataNorServeItsOldCopy() {
        Browser onA = new Browser();
        onA.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=x&value=1")).okBody();
        String idOnA = onA.sessionId().orElseThrow();
        assertThat(idOnA).endsWith(".a");

        Browser onB = new Browser(idOnA);
        assertThat(onB.get(SessionServlet.at(nodes.b.baseUrl(), "op=get&name=x")).okBody()).isEqualTo("1");
        assertThat(onB.sessionId().orElseThrow()).as("re-issued with b's route").isEqualTo(idOnA.substring(0, idOnA.length() - 1) + "b");
        onB.get(SessionServlet.at(nodes.b.baseUrl(), "op=set&name=x&value=2")).okBody();

        onA.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=x&value=3")).okBody();
        assertThat(nodes.a.filter().stats().staleWrites()).isEqualTo(1);
        assertThat(onB.get(SessionServlet.at(nodes.b.baseUrl(), "op=get&name=x")).okBody()).isEqualTo("2");

        Browser backOnA = new Browser(onB.sessionId().orElseThrow());
        assertThat(backOnA.get(SessionServlet.at(nodes.a.baseUrl(), "op=get&name=x")).okBody()).as("a reads the newer backup").isEqualTo("2");
        assertThat(backOnA.sessionId().orElseThrow()).endsWith(".a");
    }

    @Test
    void aNodeWithAnOlderCopyReplacesItFromTheBackup() {
        Browser onA = new Browser();
        onA.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=x&value=old")).okBody();
        Browser onB = new Browser(onA.sessionId().orElseThrow());
        onB.get(SessionServlet.at(nodes.b.baseUrl(), "op=set&name=x&value=new")).okBody();

        Browser backOnA = new Browser(onB.sessionId().orElseThrow());
        assertThat(backOnA.get(SessionServlet.at(nodes.a.baseUrl(), "op=get&name=x")).okBody()).isEqualTo("new");
    }

    @Test
    void activationListenersHearOfTheRestore() {
        Probe.EVENTS.clear();
        Browser onA = new Browser();
        onA.get(SessionServlet.at(nodes.a.baseUrl(), "op=set-object&name=probe&value=p1")).okBody();
        assertThat(Probe.EVENTS).containsExactly("bound:p1");

        Browser onB = new Browser(onA.sessionId().orElseThrow());
        assertThat(onB.get(SessionServlet.at(nodes.b.baseUrl(), "op=get&name=probe")).okBody()).isEqualTo("Probe(p1)");
        assertThat(Probe.EVENTS).containsExactly("bound:p1", "activated:p1");
    }
}
