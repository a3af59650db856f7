package dev.affinity.balancer;

import dev.affinity.routing.HealthMonitor;
import dev.affinity.routing.Member;
import dev.affinity.routing.Membership;
import dev.affinity.routing.MembershipProvider;
import dev.affinity.routing.StaticMembership;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The pools of one configuration, each following its membership (a fixed list, or the farm as
 * {@code members=hazelcast} sees it), and the one {@link HealthMonitor} that probes the members of
 * all pools; {@code onChange} hears of every change of a membership.
 */
final class Farm implements AutoCloseable {
    private final BalancerConfig config;
    private final HealthMonitor health;
    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private final List<Membership> memberships = new ArrayList<>();

    /**
     * Starts following the memberships of {@code config}.
     *
     * @throws dev.affinity.config.ConfigException when the membership provider cannot start
     */
    Farm(BalancerConfig config, HealthMonitor health, Consumer<Farm> onChange) {
        this.config = config;
        this.health = health;
        try {
            config.provider().ifPresent(name -> add(BalancerConfig.DEFAULT_POOL, MembershipProvider.named(name).follow(config.settings())));
            config.pools().forEach((name, members) -> add(name, new StaticMembership(members)));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        for (Membership membership : memberships) {
            membership.onChange(members -> onChange.accept(this));
        }
    }

    private void add(String name, Membership membership) {
        memberships.add(membership);
        pools.put(name, new Pool(name, membership, config.routing().strategy(), health, config.routing().noKey()));
    }

    BalancerConfig config() {
        return config;
    }

    HealthMonitor health() {
        return health;
    }

    /** The pool named {@code name}, or {@code null}. */
    Pool pool(String name) {
        return pools.get(name);
    }

    List<Pool> pools() {
        return List.copyOf(pools.values());
    }

    /** The members of every pool, each once. */
    List<Member> members() {
        Set<Member> all = new LinkedHashSet<>();
        pools.values().forEach(pool -> all.addAll(pool.members()));
        return new ArrayList<>(all);
    }

    /** Stops following the memberships (not the health checks, which may outlive this farm). */
    @Override
    public void close() {
        memberships.forEach(Membership::close);
    }
}
