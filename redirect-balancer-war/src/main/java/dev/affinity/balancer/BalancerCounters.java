package dev.affinity.balancer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many requests were redirected to each member, found their pool unavailable, or were rejected,
 * and the decisions by pool and status; shown by the status page and read by the meters.
 */
final class BalancerCounters {
    /** The pool of a decision made before a pool was chosen (a rejected request). */
    static final String NO_POOL = "none";

    private final Map<String, LongAdder> redirectsByMember = new ConcurrentHashMap<>();
    private final Map<PoolStatus, LongAdder> decisions = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> unavailableByPool = new ConcurrentHashMap<>();
    private final LongAdder rejected = new LongAdder();

    /** Counts {@code decision}, answered with {@code status}. */
    void count(Decision decision, int status) {
        String pool = NO_POOL;
        if (decision instanceof Decision.Redirect redirect) {
            pool = redirect.pool();
            redirectsByMember.computeIfAbsent(redirect.member().name(), n -> new LongAdder()).increment();
        } else if (decision instanceof Decision.Unavailable unavailable) {
            pool = unavailable.pool();
            unavailableByPool.computeIfAbsent(pool, n -> new LongAdder()).increment();
        } else {
            rejected.increment();
        }
        decisions.computeIfAbsent(new PoolStatus(pool, status), k -> new LongAdder()).increment();
    }

    /** The decisions for {@code pool} answered with {@code status}. */
    long decisions(String pool, int status) {
        LongAdder count = decisions.get(new PoolStatus(pool, status));
        return count == null ? 0 : count.sum();
    }

    long redirects(String member) {
        LongAdder count = redirectsByMember.get(member);
        return count == null ? 0 : count.sum();
    }

    long unavailable(String pool) {
        LongAdder count = unavailableByPool.get(pool);
        return count == null ? 0 : count.sum();
    }

    long rejected() {
        return rejected.sum();
    }

    /** A pool and a status. */
    private record PoolStatus(String pool, int status) {
    }
}
