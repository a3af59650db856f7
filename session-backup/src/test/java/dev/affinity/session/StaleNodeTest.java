package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        onA.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=x&value=1")).okBody();
        String id = onA.sessionId().orElseThrow();
        nodes.makeStaleUnbeknownToA(id);
        BackupStats stats = nodes.a.filter().stats();
        long refused = stats.refusedChanges();

        Answer change = onA.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=x&value=2"));
        assertThat(change.status()).as(change.body()).isEqualTo(503);
        assertThat(change.header("Retry-After")).hasValue("1");
        assertThat(stats.refusedChanges()).isEqualTo(refused + 1);

        assertThat(onA.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=x&value=2")).okBody()).as("the retry").isEqualTo("ok");
        assertThat(new Browser(onA.sessionId().orElseThrow()).get(SessionServlet.at(nodes.b.baseUrl(), "op=get&name=x")).okBody())
                .isEqualTo("2");
    }

    /**
     * Two requests use one copy: the first changes it and waits; the second's write finds the copy
     * stale and drops it. The first, whose change went nowhere, must not be answered {@code 200}.
     */
    @Test
    void aChangeWhoseCopyWasDroppedByAnotherRequestIsAnswered503() throws Exception {
        Browser onA = new Browser();
        onA.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=x&value=1")).okBody();
        String id = onA.sessionId().orElseThrow();
        nodes.makeStaleUnbeknownToA(id);
        SessionServlet.entered = new CountDownLatch(1);
        SessionServlet.release = new CountDownLatch(1);
        try {
            CompletableFuture<Answer> change = CompletableFuture.supplyAsync(
                    () -> new Browser(id).get(SessionServlet.at(nodes.a.baseUrl(), "op=set-wait&name=x&value=2")));
            assertThat(SessionServlet.entered.await(20, TimeUnit.SECONDS)).as("the change is made in memory").isTrue();

            Answer read = new Browser(id).get(SessionServlet.at(nodes.a.baseUrl(), "op=get&name=x"));
            assertThat(read.status()).as("the read that found the copy stale: " + read.body()).isEqualTo(503);

            SessionServlet.release.countDown();
            Answer changed = change.get(30, TimeUnit.SECONDS);
            assertThat(changed.status()).as("the change made on the dropped copy: " + changed.body()).isEqualTo(503);
        } finally {
            SessionServlet.release.countDown();
        }
        assertThat(new Browser(id).get(SessionServlet.at(nodes.b.baseUrl(), "op=get&name=x")).okBody()).isEqualTo("1");
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
