package dev.affinity.client;

import dev.affinity.routing.HealthView;
import dev.affinity.routing.KeyChain;
import dev.affinity.routing.Member;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Ring;
import dev.affinity.routing.Router;
import dev.affinity.routing.StaticMembership;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * One ring put to use: the nodes' key chain, placement and router over its members. A member is
 * routed to while the ring says it is {@code up} and the client has not just failed to reach it.
 */
final class Placing {
    private final Ring ring;
    private final KeyChain keys;
    private final Router router;
    private final Set<String> up;
    private final HealthView health;
    private final AtomicLong turns = new AtomicLong();

    /**
     * @param ring the ring
     * @param keySpec the key chain to use, or {@code null} for the ring's
     * @param reachable whether the client may try a member now (it has not just failed to connect)
     */
    Placing(Ring ring, String keySpec, HealthView reachable) {
        this.ring = ring;
        this.keys = KeyChain.parse("key", keySpec != null ? keySpec : ring.key(), ring.keyMaxLength(), ring.sessionCookie());
        this.up = ring.members().stream().filter(Ring.Entry::routable).map(e -> e.member().name()).collect(Collectors.toSet());
        this.health = member -> up.contains(member.name()) && reachable.isHealthy(member);
        this.router = new Router(new StaticMembership(ring.memberList()), ring.placement(), health);
    }

    Ring ring() {
        return ring;
    }

    /** The request's key ({@code null}: none), read as the nodes read it. */
    PartitionKey key(HttpServletRequest view) {
        return keys.extract(view);
    }

    /**
     * The members to try, best first: for a key, its route or owner and then its rank among the
     * members that are up; without one, the members that are up in turn. When none is up, every
     * member in that order, as a last resort.
     */
    List<Member> candidates(PartitionKey key) {
        List<Member> members = ring.memberList();
        if (key != null) {
            List<Member> healthy = router.choose(key).all();
            return healthy.isEmpty() ? router.placement().rank(key.hash()) : healthy;
        }
        int start = (int) Math.floorMod(turns.getAndIncrement(), (long) members.size());
        List<Member> inTurn = new ArrayList<>();
        List<Member> others = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Member member = members.get((start + i) % members.size());
            (health.isHealthy(member) ? inTurn : others).add(member);
        }
        inTurn.addAll(others);
        return inTurn;
    }
}
