package dev.affinity.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.config.Settings;
import dev.affinity.testing.TestBudgets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A node's view: its epoch counts its changes, its id is the same on every node that places keys alike. */
class RoutingViewTest {
    private static final List<Member> MEMBERS = new MemberListParser("members")
            .parseList("http://10.255.0.1:8080;name=a,http://10.255.0.2:8080;name=b,http://10.255.0.3:8080;name=c");

    @Test
    void aChangeOfHealthIsANewEpochAndTheSameViewHasTheSameIdOnEveryNode() {
        try (HealthMonitor onA = monitor(); HealthMonitor onB = monitor()) {
            onA.self(MEMBERS.get(0));
            onB.self(MEMBERS.get(1));
            RoutingView viewOfA = new RoutingView(new StaticMembership(MEMBERS), onA);
            RoutingView viewOfB = new RoutingView(new StaticMembership(MEMBERS), onB);
            // each view as the change left it: the ejection ends 300 ms after it began, which a busy machine can let pass
            // before this thread reads the view
            List<RoutingView.View> views = new CopyOnWriteArrayList<>();
            onA.addListener((member, healthy) -> {
                viewOfA.refresh();
                views.add(viewOfA.current());
            });
            RoutingView.View first = viewOfA.current();
            assertThat(first.epoch()).isEqualTo(1);
            assertThat(first.id()).matches("[0-9a-f]{8}").isEqualTo(viewOfB.current().id());
            assertThat(first.routable()).containsExactly("a", "b", "c");
            assertThat(first.header()).isEqualTo("1;view=" + first.id());

            onA.reportFailure(MEMBERS.get(2));
            RoutingView.View second = views.get(0);
            assertThat(second.epoch()).isEqualTo(2);
            assertThat(second.id()).isNotEqualTo(first.id());
            assertThat(second.routable()).containsExactly("a", "b");

            await().atMost(TestBudgets.EVENTUALLY).until(() -> viewOfA.current().epoch() == 3);
            assertThat(viewOfA.current().id()).as("the same view as before the ejection").isEqualTo(first.id());
            viewOfA.refresh();
            assertThat(viewOfA.current().epoch()).as("an unchanged view keeps its epoch").isEqualTo(3);
        }
    }

    @Test
    void aMemberThatIsDownGivesTheSameIdWhetherOrNotThisNodeHeardItDrain() {
        try (HealthMonitor heard = monitor("1h"); HealthMonitor missed = monitor("1h")) {
            heard.self(MEMBERS.get(0));
            missed.self(MEMBERS.get(1));
            RoutingView viewOfA = new RoutingView(new StaticMembership(MEMBERS), heard);
            RoutingView viewOfB = new RoutingView(new StaticMembership(MEMBERS), missed);
            heard.addListener((member, healthy) -> viewOfA.refresh());
            missed.addListener((member, healthy) -> viewOfB.refresh());

            heard.draining(MEMBERS.get(2), true);
            assertThat(viewOfA.current().id()).as("draining while up: another view").isNotEqualTo(viewOfB.current().id());
            heard.reportFailure(MEMBERS.get(2));
            missed.reportFailure(MEMBERS.get(2));

            assertThat(viewOfA.current().routable()).containsExactly("a", "b").isEqualTo(viewOfB.current().routable());
            assertThat(viewOfA.current().id()).isEqualTo(viewOfB.current().id());
        }
    }

    private static HealthMonitor monitor() {
        return monitor("300ms");
    }

    private static HealthMonitor monitor(String ejection) {
        HealthMonitor monitor = new HealthMonitor(HealthSettings.from(Settings.of(Map.of("health.interval", "0",
                "health.passive.failures", "1", "health.passive.backoff", ejection), HealthSettings.NAMES), "/affinity/health"));
        monitor.start(MEMBERS, null);
        return monitor;
    }
}
