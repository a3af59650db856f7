package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.testing.Browser;
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
        onA.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=x&value=1")).okBody();
        assertThat(onA.sessionId().orElseThrow()).endsWith(".a");
        long dropped = nodes.a.filter().stats().droppedCopies();
        Browser onB = new Browser(onA.sessionId().orElseThrow());
        assertThat(onB.get(SessionServlet.at(nodes.b.baseUrl(), "op=get&name=x")).okBody()).isEqualTo("1");
        assertThat(onB.sessionId().orElseThrow()).as("re-issued with b's route").endsWith(".b");
        onB.get(SessionServlet.at(nodes.b.baseUrl(), "op=set&name=x&value=2")).okBody();
        await("a drops its copy").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> nodes.a.filter().stats().droppedCopies() > dropped);

        assertThat(onA.get(SessionServlet.at(nodes.a.baseUrl(), "op=get&name=x")).okBody()).as("a serves b's change, not its old copy").isEqualTo("2");
        onA.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=x&value=3")).okBody();
        assertThat(onB.get(SessionServlet.at(nodes.b.baseUrl(), "op=get&name=x")).okBody()).as("the change made through the old id is kept").isEqualTo("3");
    }
}
