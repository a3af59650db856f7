package dev.affinity.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.config.Settings;
import dev.affinity.testing.HandlerServer;
import dev.affinity.testing.TestBudgets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failover through real health checks of real Jetty servers. */
class RouterFailoverTest {
    private final List<HandlerServer> servers = new ArrayList<>();
    private Routing routing;

    @BeforeEach
    void start() throws Exception {
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            HandlerServer server = new HandlerServer("member", HealthMonitorTest.healthHandler(new AtomicInteger(200)));
            servers.add(server);
            members.append(i == 0 ? "" : ",").append(server.baseUrl()).append(";name=n").append(i);
        }
        routing = Routing.start(Settings.of(Map.of("members", members.toString(), "self", "n0",
                "health.interval", "50ms", "health.timeout", "3s", "health.fall", "2", "health.rise", "2"), RoutingSettings.NAMES), "/affinity/health");
    }

    @AfterEach
    void stop() throws Exception {
        routing.close();
        for (HandlerServer server : servers) {
            server.close();
        }
    }

    @Test
    void aKeyWhoseOwnerIsDownGoesToItsSecondRankedMemberAndReturnsWhenTheOwnerRecovers() throws Exception {
        Router router = routing.router();
        PartitionKey key = keyOwnedBy("n2");
        List<Member> rank = router.placement().rank(key.hash());
        assertThat(router.route(key).name()).isEqualTo("n2");

        servers.get(2).stop();
        await().atMost(TestBudgets.EVENTUALLY).until(() -> !router.route(key).name().equals("n2"));
        assertThat(router.route(key)).isEqualTo(rank.get(1));
        assertThat(router.candidates(key)).containsExactlyElementsOf(rank.subList(1, 3));

        servers.get(2).restart();
        await().atMost(TestBudgets.EVENTUALLY).until(() -> router.route(key).name().equals("n2"));
    }

    @Test
    void aSessionRoutePrefersItsNodeWhileHealthyThenFallsBackToTheHashOfTheId() throws Exception {
        Router router = routing.router();
        PartitionKey plain = keyOwnedBy("n2");
        PartitionKey routed = new PartitionKey(plain.value(), "n1");
        assertThat(router.route(routed).name()).isEqualTo("n1");
        assertThat(router.route(new PartitionKey(plain.value(), "gone"))).isEqualTo(router.route(plain));

        servers.get(1).stop();
        await().atMost(TestBudgets.EVENTUALLY).until(() -> router.route(routed).name().equals("n2"));
    }

    @Test
    void thisNodeIsHealthyWithoutProbingItself() throws Exception {
        servers.get(0).stop();
        PartitionKey key = keyOwnedBy("n0");
        // the 400 ms it holds is the check (were n0 probed, its stopped server would fail a probe every 50 ms); atMost only gives up
        await().during(Duration.ofMillis(400)).atMost(TestBudgets.EVENTUALLY).until(() -> routing.router().route(key).name().equals("n0"));
    }

    private PartitionKey keyOwnedBy(String name) {
        for (int i = 0; i < 10_000; i++) {
            PartitionKey key = PartitionKey.of("key-" + i);
            if (routing.router().placement().owner(key.hash()).name().equals(name)) {
                return key;
            }
        }
        throw new AssertionError("no key owned by " + name);
    }
}
