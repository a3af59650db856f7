package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.testing.Browser;
import dev.affinity.testing.TestBudgets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The stale-copy scenario, run on two nodes in each apply mode. */
final class StaleCopies {
    /**
     * The promise under test (testing.md: "a take-over heard within 2 s"; architecture.md: within
     * milliseconds, a map entry event). Measured from b's change answered to the poll that saw a's
     * count of dropped copies grow: an in-JVM read, no round trip to allow for.
     */
    static final Duration TAKE_OVER_HEARD_WITHIN = Duration.ofSeconds(2);

    private StaleCopies() {
    }

    /**
     * Node a holds a session; b takes it over (its write of the re-issued id) and changes it; a
     * hears of it and drops its copy within 2 s; a change then sent to a with the old id is made on top of b's change, and b serves
     * it once it heard of that write.
     */
    static void aTakeOverIsHeardAndNoChangeIsLost(TwoNodes nodes) {
        Browser onA = new Browser();
        onA.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=x&value=1")).okBody();
        assertThat(onA.sessionId().orElseThrow()).endsWith(".a");
        long dropped = nodes.a.filter().stats().droppedCopies();
        Browser onB = new Browser(onA.sessionId().orElseThrow());
        assertThat(onB.get(SessionServlet.at(nodes.b.baseUrl(), "op=get&name=x")).okBody()).isEqualTo("1");
        assertThat(onB.sessionId().orElseThrow()).as("re-issued with b's route").endsWith(".b");
        onB.get(SessionServlet.at(nodes.b.baseUrl(), "op=set&name=x&value=2")).okBody();
        long changed = System.nanoTime();
        AtomicLong heard = new AtomicLong();
        await("a drops its copy").atMost(TestBudgets.EVENTUALLY).pollInterval(Duration.ofMillis(20))
                .until(() -> nodes.a.filter().stats().droppedCopies() > dropped && heard.compareAndSet(0, System.nanoTime()));
        assertThat(Duration.ofNanos(heard.get() - changed)).as("a heard of the take-over").isLessThanOrEqualTo(TAKE_OVER_HEARD_WITHIN);

        assertThat(onA.get(SessionServlet.at(nodes.a.baseUrl(), "op=get&name=x")).okBody()).as("a serves b's change, not its old copy").isEqualTo("2");
        onA.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=x&value=3")).okBody();
        // b hears of a's write as a heard of b's (an entry event): until then it may still serve its own copy
        await("b serves the change made through the old id: it is kept").atMost(TestBudgets.EVENTUALLY).pollInterval(Duration.ofMillis(20))
                .until(() -> onB.get(SessionServlet.at(nodes.b.baseUrl(), "op=get&name=x")).okBody(), "3"::equals);
    }
}
