package dev.affinity.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.config.Settings;
import dev.affinity.testing.TestBudgets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A member that slowly starts takes a growing share of its new keys; sessions routed to it always go to it. */
class SlowStartTest {
    private static final Duration SLOW_START = Duration.ofMillis(400);
    private final List<Member> members = Members.of(3);
    private volatile double share;
    private final Member starting = members.get(0);
    private final HealthView health = new HealthView() {
        @Override
        public boolean isHealthy(Member member) {
            return true;
        }

        @Override
        public double share(Member member) {
            return member.equals(starting) ? share : 1;
        }
    };
    private final Router router = new Router(new StaticMembership(members), Strategy.RENDEZVOUS, health);

    @Test
    void aStartingMemberTakesItsShareOfItsKeysAndKeepsTheKeysItTook() {
        share = 0;
        assertThat(takenOf(3000)).isZero();
        share = 0.3;
        int atThirty = takenOf(3000);
        int owned = ownedBy(3000);
        assertThat(atThirty).isBetween((int) (owned * 0.2), (int) (owned * 0.4));
        share = 0.6;
        for (int i = 0; i < 3000; i++) {
            PartitionKey key = PartitionKey.of("key-" + i);
            if (router.placement().owner(key.hash()).equals(starting)) {
                share = 0.3;
                boolean tookAtThirty = router.route(key).equals(starting);
                share = 0.6;
                if (tookAtThirty) {
                    assertThat(router.route(key)).as("a key it took stays with it as its share grows").isEqualTo(starting);
                } else if (!router.route(key).equals(starting)) {
                    assertThat(router.route(key)).isEqualTo(router.placement().rank(key.hash()).get(1));
                }
            }
        }
        share = 1;
        assertThat(takenOf(3000)).isEqualTo(owned);
        share = 0;
        assertThat(router.route(new PartitionKey("abc", starting.name()))).as("a session it holds").isEqualTo(starting);
    }

    @Test
    void aMemberThatComesBackUpRampsOverSlowStartAndOnlyThen() {
        HealthMonitor monitor = new HealthMonitor(HealthSettings.from(Settings.of(Map.of("health.interval", "0", "slow-start", SLOW_START.toMillis() + "ms"),
                HealthSettings.NAMES), "/affinity/health"));
        try (monitor) {
            monitor.start(members, members.get(1));
            assertThat(monitor.share(starting)).as("up since this node started").isEqualTo(1);
            long before = System.nanoTime();
            monitor.announced(starting);
            double share = monitor.share(starting);
            double elapsed = System.nanoTime() - before;
            // measured, not assumed: a busy machine may let most of the 400 ms pass between the two calls
            assertThat(share).as("at most the share of the time since it came up").isLessThanOrEqualTo(Math.min(1, elapsed / SLOW_START.toNanos()));
            await().atMost(TestBudgets.EVENTUALLY).until(() -> monitor.share(starting) == 1);
            assertThat(Duration.ofNanos(System.nanoTime() - before)).as("the full share only after slow-start").isGreaterThanOrEqualTo(SLOW_START);
        }
    }

    private int takenOf(int keys) {
        int taken = 0;
        for (int i = 0; i < keys; i++) {
            if (router.route(PartitionKey.of("key-" + i)).equals(starting)) {
                taken++;
            }
        }
        return taken;
    }

    private int ownedBy(int keys) {
        int owned = 0;
        for (int i = 0; i < keys; i++) {
            if (router.placement().owner(PartitionKey.of("key-" + i).hash()).equals(starting)) {
                owned++;
            }
        }
        return owned;
    }
}
