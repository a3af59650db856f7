package dev.affinity.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.routing.HealthView;
import dev.affinity.routing.Member;
import dev.affinity.routing.NoKeyPolicy;
import dev.affinity.routing.StaticMembership;
import dev.affinity.routing.Strategy;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PoolTest {
    private final List<Member> members = List.of(member("m1"), member("m2"), member("m3"));
    private final Set<String> down = new HashSet<>();
    private final HealthView health = m -> !down.contains(m.name());

    @Test
    void roundRobinTakesTheHealthyMembersInTurn() {
        Pool pool = new Pool("default", new StaticMembership(members), Strategy.RENDEZVOUS, health, NoKeyPolicy.ROUND_ROBIN);
        assertThat(picks(pool, 6)).containsExactly("m1", "m2", "m3", "m1", "m2", "m3");
        down.add("m2");
        assertThat(picks(pool, 4)).doesNotContain("m2").contains("m1", "m3");
    }

    @Test
    void leastRecentPrefersTheMemberChosenLongestAgo() {
        Pool pool = new Pool("default", new StaticMembership(members), Strategy.RENDEZVOUS, health, NoKeyPolicy.LEAST_RECENT);
        assertThat(picks(pool, 3)).containsExactlyInAnyOrder("m1", "m2", "m3");
        down.add("m2");
        assertThat(picks(pool, 4)).doesNotContain("m2");
        down.clear();
        assertThat(pool.pickWithoutKey().name()).isEqualTo("m2");
    }

    @Test
    void noHealthyMemberIsNull() {
        Pool pool = new Pool("default", new StaticMembership(members), Strategy.RENDEZVOUS, health, NoKeyPolicy.ROUND_ROBIN);
        down.addAll(List.of("m1", "m2", "m3"));
        assertThat(pool.pickWithoutKey()).isNull();
        assertThat(pool.healthyMember("m1")).isNull();
    }

    private static List<String> picks(Pool pool, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(pool.pickWithoutKey().name());
        }
        return names;
    }

    private static Member member(String name) {
        return new Member(name, URI.create("http://127.0.0.1:900" + name.charAt(1)), 1);
    }
}
