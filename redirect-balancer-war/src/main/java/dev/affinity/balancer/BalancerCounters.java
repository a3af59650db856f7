package dev.affinity.balancer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** How many requests were redirected to each member, found their pool unavailable, or were rejected. */
final class BalancerCounters {
    private final Map<String, LongAdder> redirectsByMember = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> unavailableByPool = new ConcurrentHashMap<>();
    private final LongAdder rejected = new LongAdder();

    void count(Decision decision) {
        if (decision instanceof Decision.Redirect redirect) {
            redirectsByMember.computeIfAbsent(redirect.member().name(), n -> new LongAdder()).increment();
        } else if (decision instanceof Decision.Unavailable unavailable) {
            unavailableByPool.computeIfAbsent(unavailable.pool(), n -> new LongAdder()).increment();
        } else {
            rejected.increment();
        }
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
}
