package dev.affinity.balancer;

import dev.affinity.routing.HealthView;
import dev.affinity.routing.KeylessPicker;
import dev.affinity.routing.Member;
import dev.affinity.routing.Membership;
import dev.affinity.routing.NoKeyPolicy;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Router;
import dev.affinity.routing.Strategy;
import java.util.List;

/**
 * A named group of members with its own {@link Router}: a keyed request is placed among this
 * pool's members exactly as the affinity filter places it among the farm's; a keyless one is picked
 * by the pool's {@link KeylessPicker}. Follows its membership: a fixed list, or the farm as a
 * membership provider sees it.
 */
final class Pool {
    private final String name;
    private final Membership membership;
    private final Router router;
    private final HealthView health;
    private final NoKeyPolicy keylessPolicy;
    private volatile KeylessPicker keyless;

    /** A pool; {@code keyless} is how keyless requests pick a member ({@code reject}: they never ask). */
    Pool(String name, Membership membership, Strategy strategy, HealthView health, NoKeyPolicy keyless) {
        this.name = name;
        this.membership = membership;
        this.router = new Router(membership, strategy, health);
        this.health = health;
        this.keylessPolicy = keyless;
        this.keyless = picker(membership.members());
        membership.onChange(members -> this.keyless = picker(members));
    }

    String name() {
        return name;
    }

    List<Member> members() {
        return membership.members();
    }

    Router router() {
        return router;
    }

    /** The member for {@code key}, or {@code null} when none is healthy. */
    Member route(PartitionKey key) {
        return router.route(key);
    }

    /** The healthy member of this pool named {@code memberName}, or {@code null} (also while it drains). */
    Member healthyMember(String memberName) {
        Member member = router.member(memberName);
        return member != null && health.isHealthy(member) && !health.isDraining(member) ? member : null;
    }

    /** A member for a request without a key, or {@code null} when none is healthy. */
    Member pickWithoutKey() {
        return keyless.pick();
    }

    private KeylessPicker picker(List<Member> members) {
        return keylessPolicy == NoKeyPolicy.REJECT ? null : new KeylessPicker(members, health, keylessPolicy);
    }
}
