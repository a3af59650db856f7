package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

/** The stale-copy scenario, run on two nodes in each apply mode. */
final class StaleCopies {
    private StaleCopies() {
    }

    /**
     * Node a holds a session; b takes it over (its write of the re-issued id) and changes it; a
     * hears of it and drops its copy within 2 s; a change then sent to a with the old id is made on top of b's change, and b serves it.
     */
    static void aTakeOverIsHeardAndNoChangeIsLost(TwoNodes nodes) {
        Browser onA = new Browser();
        onA.call(nodes.a.baseUrl(), "op=set&name=x&value=1");
        assertThat(onA.sessionId()).endsWith(".a");
        long dropped = nodes.a.filter().stats().droppedCopies();
        Browser onB = new Browser(onA.sessionId());
        assertThat(onB.call(nodes.b.baseUrl(), "op=get&name=x")).isEqualTo("1");
        assertThat(onB.sessionId()).as("re-issued with b's route").endsWith(".b");
        onB.call(nodes.b.baseUrl(), "op=set&name=x&value=2");
        await("a drops its copy").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> nodes.a.filter().stats().droppedCopies() > dropped);

        assertThat(onA.call(nodes.a.baseUrl(), "op=get&name=x")).as("a serves b's change, not its old copy").isEqualTo("2");
        onA.call(nodes.a.baseUrl(), "op=set&name=x&value=3");
        assertThat(onB.call(nodes.b.baseUrl(), "op=get&name=x")).as("the change made through the old id is kept").isEqualTo("3");
    }
}
