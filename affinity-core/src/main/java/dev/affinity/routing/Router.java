package dev.affinity.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the member a key goes to: the owner under the placement strategy while it is healthy,
 * else the next healthy member in the key's rank. A session key whose route names a healthy
 * member goes there first. A draining member is ranked after every member that serves, its
 * routed sessions included (the next owner reads their backups), so it gets a key only when no
 * member that serves is healthy. A member that slowly starts ({@code slow-start}) takes each of
 * its keys only when the key's own draw, fixed per key and member, falls within its share so far,
 * so its share of new keys grows without keys going back and forth; sessions routed to it always
 * go to it. The placement follows membership changes.
 */
public final class Router {
    /** The placement while a dynamic membership has no member yet (a balancer whose Hazelcast client is connecting). */
    private static final Placement NONE = new Placement() {
        @Override
        public Member owner(long keyHash) {
            return null;
        }

        @Override
        public List<Member> rank(long keyHash) {
            return List.of();
        }

        @Override
        public List<Member> members() {
            return List.of();
        }
    };

    private final Strategy strategy;
    private final HealthView health;
    private volatile Snapshot snapshot;

    public Router(Membership membership, Strategy strategy, HealthView health) {
        this.strategy = strategy;
        this.health = health;
        this.snapshot = new Snapshot(place(membership.members()));
        membership.onChange(members -> snapshot = new Snapshot(place(members)));
    }

    /** The placement over {@code members}; while there is none, no key has a member. */
    private Placement place(List<Member> members) {
        return members.isEmpty() ? NONE : strategy.place(members);
    }

    /**
     * The members {@code key} may go to, decided once: the first is found at once (one pass over
     * the members), the rest of the order only if asked for.
     */
    public Candidates choose(PartitionKey key) {
        Snapshot current = snapshot;
        if (current.placement == NONE) {
            return new Candidates(current, key, null);
        }
        Member preferred = current.preferred(key);
        if (preferred != null && serves(preferred)) {
            return new Candidates(current, key, preferred);
        }
        long hash = key.hash();
        Member owner = current.placement.owner(hash);
        if (serves(owner) && takes(owner, hash)) {
            return new Candidates(current, key, owner);
        }
        Member draining = preferred != null && health.isHealthy(preferred) ? preferred : null;
        Member starting = null;
        for (Member member : current.placement.rank(hash)) {
            if (serves(member) && takes(member, hash)) {
                return new Candidates(current, key, member);
            }
            if (starting == null && serves(member)) {
                starting = member;
            }
            if (draining == null && health.isHealthy(member)) {
                draining = member;
            }
        }
        return new Candidates(current, key, starting != null ? starting : draining);
    }

    private boolean serves(Member member) {
        return health.isHealthy(member) && !health.isDraining(member);
    }

    /** Whether {@code member}, slowly starting, takes the key {@code hash} already: its draw for the key is within its share. */
    private boolean takes(Member member, long hash) {
        double share = health.share(member);
        return share >= 1 || ((KeyHash.mix(hash ^ ~member.seed()) >>> 11) * 0x1.0p-53) < share;
    }

    /** The member for {@code key}, or {@code null} when no member is healthy. */
    public Member route(PartitionKey key) {
        return choose(key).first();
    }

    /** The healthy members in the order {@code key} tries them: preferred route first, then rank. */
    public List<Member> candidates(PartitionKey key) {
        return choose(key).all();
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

    /** The members a key may go to under one placement: the first chosen, the others ranked when asked. */
    public final class Candidates {
        private final Snapshot placed;
        private final PartitionKey key;
        private final Member first;
        private List<Member> all;

        private Candidates(Snapshot placed, PartitionKey key, Member first) {
            this.placed = placed;
            this.key = key;
            this.first = first;
        }

        /** The member the key goes to, or {@code null} when no member is healthy. */
        public Member first() {
            return first;
        }

        /**
         * {@link #first()}, then the other members healthy now in the key's failover order, those
         * that drain last; empty when none is healthy. Ranked on the first call only.
         */
        public List<Member> all() {
            if (all == null) {
                List<Member> ordered = new ArrayList<>();
                if (first != null) {
                    ordered.add(first);
                    List<Member> draining = new ArrayList<>();
                    for (Member member : placed.placement.rank(key.hash())) {
                        if (member != first && health.isHealthy(member)) {
                            (health.isDraining(member) ? draining : ordered).add(member);
                        }
                    }
                    ordered.addAll(draining);
                }
                all = List.copyOf(ordered);
            }
            return all;
        }
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
