package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

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
        onA.call(nodes.a.baseUrl(), "op=set&name=x&value=1");
        String idOnA = onA.sessionId();
        assertThat(idOnA).endsWith(".a");

        Browser onB = new Browser(idOnA);
        assertThat(onB.call(nodes.b.baseUrl(), "op=get&name=x")).isEqualTo("1");
        assertThat(onB.sessionId()).as("re-issued with b's route").isEqualTo(idOnA.substring(0, idOnA.length() - 1) + "b");
        onB.call(nodes.b.baseUrl(), "op=set&name=x&value=2");

        onA.call(nodes.a.baseUrl(), "op=set&name=x&value=3");
        assertThat(nodes.a.filter().stats().staleWrites()).isEqualTo(1);
        assertThat(onB.call(nodes.b.baseUrl(), "op=get&name=x")).isEqualTo("2");

        Browser backOnA = new Browser(onB.sessionId());
        assertThat(backOnA.call(nodes.a.baseUrl(), "op=get&name=x")).as("a reads the newer backup").isEqualTo("2");
        assertThat(backOnA.sessionId()).endsWith(".a");
    }

    @Test
    void aNodeWithAnOlderCopyReplacesItFromTheBackup() {
        Browser onA = new Browser();
        onA.call(nodes.a.baseUrl(), "op=set&name=x&value=old");
        Browser onB = new Browser(onA.sessionId());
        onB.call(nodes.b.baseUrl(), "op=set&name=x&value=new");

        Browser backOnA = new Browser(onB.sessionId());
        assertThat(backOnA.call(nodes.a.baseUrl(), "op=get&name=x")).isEqualTo("new");
    }

    @Test
    void activationListenersHearOfTheRestore() {
        Probe.EVENTS.clear();
        Browser onA = new Browser();
        onA.call(nodes.a.baseUrl(), "op=set-object&name=probe&value=p1");
        assertThat(Probe.EVENTS).containsExactly("bound:p1");

        Browser onB = new Browser(onA.sessionId());
        assertThat(onB.call(nodes.b.baseUrl(), "op=get&name=probe")).isEqualTo("Probe(p1)");
        assertThat(Probe.EVENTS).containsExactly("bound:p1", "activated:p1");
    }
}
