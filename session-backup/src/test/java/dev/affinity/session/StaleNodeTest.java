package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Node a holds a session; node b takes it over (as after a failover) and changes it; node a hears
 * of it and drops its old copy, so it neither serves it nor answers {@code 200} for a change of it
 * that would be lost; a copy stale unbeknown to its node has its change answered {@code 503}.
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
    void aTakeOverIsHeardAndNoChangeIsLost() {
        StaleCopies.aTakeOverIsHeardAndNoChangeIsLost(nodes);
    }

    @Test
    void aChangeToACopyStaleUnbeknownToItsNodeIsAnswered503AndItsRetryIsKept() {
        Browser onA = new Browser();
        onA.call(nodes.a.baseUrl(), "op=set&name=x&value=1");
        String key = SessionIds.keyOf(onA.sessionId());
        BackupRecord record = nodes.map().get(key);
        // a later write by another copy of a's own writer, as a dropped copy's late write: a hears nothing of it
        nodes.map().executeOnKey(key, new ApplyDelta(record.version(), record.writer(), record.copy + 1_000, false, "a",
                record.creationTime, System.currentTimeMillis(), record.maxInactiveSeconds, Map.of(), List.of()));
        BackupStats stats = nodes.a.filter().stats();
        long refused = stats.refusedChanges();

        HttpResponse<String> change = onA.send(nodes.a.baseUrl(), "op=set&name=x&value=2");
        assertThat(change.statusCode()).as(change.body()).isEqualTo(503);
        assertThat(change.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(stats.refusedChanges()).isEqualTo(refused + 1);

        assertThat(onA.call(nodes.a.baseUrl(), "op=set&name=x&value=2")).as("the retry").isEqualTo("ok");
        assertThat(new Browser(onA.sessionId()).call(nodes.b.baseUrl(), "op=get&name=x")).isEqualTo("2");
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
