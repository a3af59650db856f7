package dev.affinity.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the member a key goes to: the owner under the placement strategy while it is healthy,
 * else the next healthy member in the key's rank. A session key whose route names a healthy
 * member goes there first. The placement follows membership changes.
 */
public final class Router {
    private final Strategy strategy;
    private final HealthView health;
    private volatile Snapshot snapshot;

    public Router(Membership membership, Strategy strategy, HealthView health) {
        this.strategy = strategy;
        this.health = health;
        this.snapshot = new Snapshot(strategy.place(membership.members()));
        membership.onChange(members -> snapshot = new Snapshot(strategy.place(members)));
    }

    /** The member for {@code key}, or {@code null} when no member is healthy. */
    public Member route(PartitionKey key) {
        Snapshot current = snapshot;
        Member preferred = current.preferred(key);
        if (preferred != null && health.isHealthy(preferred)) {
            return preferred;
        }
        long hash = key.hash();
        Member owner = current.placement.owner(hash);
        if (health.isHealthy(owner)) {
            return owner;
        }
        for (Member member : current.placement.rank(hash)) {
            if (health.isHealthy(member)) {
                return member;
            }
        }
        return null;
    }

    /** The healthy members in the order {@code key} tries them: preferred route first, then rank. */
    public List<Member> candidates(PartitionKey key) {
        Snapshot current = snapshot;
        List<Member> ordered = new ArrayList<>();
        Member preferred = current.preferred(key);
        if (preferred != null && health.isHealthy(preferred)) {
            ordered.add(preferred);
        }
        for (Member member : current.placement.rank(key.hash())) {
            if (member != preferred && health.isHealthy(member)) {
                ordered.add(member);
            }
        }
        return ordered;
    }

    /** The current placement. */
    public Placement placement() {
        return snapshot.placement;
    }

    /** The strategy in use. */
    public Strategy strategy() {
        return strategy;
    }

    /** A member by route name, or {@code null}. */
    public Member member(String name) {
        return snapshot.byName.get(name);
    }

    private static final class Snapshot {
        final Placement placement;
        final Map<String, Member> byName = new HashMap<>();

        Snapshot(Placement placement) {
            this.placement = placement;
            placement.members().forEach(m -> byName.put(m.name(), m));
        }

        Member preferred(PartitionKey key) {
            return key.route() == null ? null : byName.get(key.route());
        }
    }
}
