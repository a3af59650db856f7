package dev.affinity.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A router over a membership that starts empty (a balancer's Hazelcast client still connecting) and then changes. */
class RouterMembershipTest {

    @Test
    void noMemberPlacesNoKeyThenTheMembersAsTheyCome() {
        ChangingMembership membership = new ChangingMembership();
        Router router = new Router(membership, Strategy.RENDEZVOUS, member -> true);
        assertThat(router.route(PartitionKey.of("alice"))).isNull();
        assertThat(router.candidates(PartitionKey.of("alice"))).isEmpty();

        List<Member> three = Members.of(3);
        membership.change(three);
        assertThat(router.route(PartitionKey.of("alice"))).isIn(three);
        assertThat(router.candidates(PartitionKey.of("alice"))).containsExactlyInAnyOrderElementsOf(three);

        membership.change(List.of());
        assertThat(router.route(PartitionKey.of("alice"))).isNull();
    }

    /** A membership changed by the test. */
    private static final class ChangingMembership implements Membership {
        private final List<Consumer<List<Member>>> listeners = new ArrayList<>();
        private List<Member> members = List.of();

        void change(List<Member> next) {
            members = List.copyOf(next);
            listeners.forEach(listener -> listener.accept(members));
        }

        @Override
        public List<Member> members() {
            return members;
        }

        @Override
        public void onChange(Consumer<List<Member>> listener) {
            listeners.add(listener);
        }
    }
}
