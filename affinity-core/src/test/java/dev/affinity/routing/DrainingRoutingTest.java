package dev.affinity.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** A draining member is ranked after every member that serves, by the router and the keyless picker. */
class DrainingRoutingTest {
    private final List<Member> members = Members.of(4);
    private final Set<String> draining = ConcurrentHashMap.newKeySet();
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final HealthView health = new HealthView() {
        @Override
        public boolean isHealthy(Member member) {
            return !down.contains(member.name());
        }

        @Override
        public boolean isDraining(Member member) {
            return draining.contains(member.name());
        }
    };
    private final Router router = new Router(new StaticMembership(members), Strategy.RENDEZVOUS, health);

    @Test
    void keysOfADrainingMemberGoToTheNextInRankAndItComesLast() {
        Member drained = members.get(1);
        draining.add(drained.name());
        int moved = 0;
        for (int i = 0; i < 2000; i++) {
            PartitionKey key = PartitionKey.of("key-" + i);
            List<Member> rank = router.placement().rank(key.hash());
            Router.Candidates candidates = router.choose(key);
            if (rank.get(0).equals(drained)) {
                moved++;
                assertThat(candidates.first()).isEqualTo(rank.get(1));
            } else {
                assertThat(candidates.first()).isEqualTo(rank.get(0));
            }
            assertThat(candidates.all()).hasSize(4).last().isEqualTo(drained);
        }
        assertThat(moved).isGreaterThan(300);
    }

    @Test
    void aSessionRoutedToADrainingMemberGoesToItsRankButADrainingMemberServesWhenNoOtherCan() {
        Member drained = members.get(2);
        draining.add(drained.name());
        PartitionKey session = new PartitionKey("abc", drained.name());
        assertThat(router.route(session)).isNotEqualTo(drained).isEqualTo(router.placement().rank(session.hash()).stream()
                .filter(m -> !m.equals(drained)).findFirst().orElseThrow());
        members.stream().filter(m -> !m.equals(drained)).forEach(m -> down.add(m.name()));
        assertThat(router.route(session)).isEqualTo(drained);
        assertThat(router.route(PartitionKey.of("any"))).isEqualTo(drained);
        down.add(drained.name());
        assertThat(router.route(session)).isNull();
    }

    @Test
    void theKeylessPickerSkipsADrainingMemberWhileAnotherServes() {
        KeylessPicker picker = new KeylessPicker(members, health, NoKeyPolicy.ROUND_ROBIN);
        draining.add(members.get(0).name());
        for (int i = 0; i < 20; i++) {
            assertThat(picker.pick()).isNotEqualTo(members.get(0));
        }
        members.stream().skip(1).forEach(m -> down.add(m.name()));
        assertThat(picker.pick()).isEqualTo(members.get(0));
    }
}
