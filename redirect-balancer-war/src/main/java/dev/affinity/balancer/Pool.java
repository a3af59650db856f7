package dev.affinity.balancer;

import dev.affinity.routing.HealthView;
import dev.affinity.routing.Member;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Router;
import dev.affinity.routing.StaticMembership;
import dev.affinity.routing.Strategy;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A named group of members with its own {@link Router}: a keyed request is placed among this
 * pool's members exactly as the affinity filter places it among the farm's; a keyless one takes the
 * next healthy member in turn, or the one chosen longest ago.
 */
final class Pool {
    private final String name;
    private final List<Member> members;
    private final Router router;
    private final HealthView health;
    private final KeylessChoice keyless;
    private final AtomicLong turns = new AtomicLong();
    private final AtomicLongArray lastChosen;

    Pool(String name, List<Member> members, Strategy strategy, HealthView health, KeylessChoice keyless) {
        this.name = name;
        this.members = List.copyOf(members);
        this.router = new Router(new StaticMembership(members), strategy, health);
        this.health = health;
        this.keyless = keyless;
        this.lastChosen = new AtomicLongArray(members.size());
    }

    String name() {
        return name;
    }

    List<Member> members() {
        return members;
    }

    /** The member for {@code key}, or {@code null} when none is healthy. */
    Member route(PartitionKey key) {
        return router.route(key);
    }

    /** The healthy member of this pool named {@code memberName}, or {@code null}. */
    Member healthyMember(String memberName) {
        Member member = router.member(memberName);
        return member != null && health.isHealthy(member) ? member : null;
    }

    /** A member for a request without a key, or {@code null} when none is healthy. */
    Member pickWithoutKey() {
        long turn = turns.getAndIncrement();
        int size = members.size();
        int best = -1;
        for (int i = 0; i < size; i++) {
            int index = (int) ((turn + i) % size);
            if (health.isHealthy(members.get(index))) {
                if (keyless == KeylessChoice.ROUND_ROBIN) {
                    best = index;
                    break;
                }
                if (best < 0 || lastChosen.get(index) < lastChosen.get(best)) {
                    best = index;
                }
            }
        }
        if (best < 0) {
            return null;
        }
        lastChosen.set(best, turn + 1);
        return members.get(best);
    }
}
