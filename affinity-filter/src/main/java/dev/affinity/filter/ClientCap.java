package dev.affinity.filter;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the forwards in progress per client address and refuses one beyond the cap
 * ({@code forward.max-per-client}), so one client cannot hold all of a member's threads through
 * this node. A cap of zero refuses nothing.
 *
 * <p>Lock-free: each address has a counter, taken and given back by compare-and-set, so the
 * forwards of one busy address (a load balancer in front of the node, say) do not queue on a lock.
 * A counter that falls to zero is retired ({@code -1}) and removed; an address that finds its
 * counter retired starts a new one.
 */
final class ClientCap {
    private static final int RETIRED = -1;

    private final int cap;
    private final ConcurrentMap<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

    ClientCap(int cap) {
        this.cap = cap;
    }

    /** Takes a place for {@code client}; {@code false} when it already has {@code cap} forwards in progress. */
    boolean acquire(String client) {
        if (cap == 0) {
            return true;
        }
        while (true) {
            AtomicInteger count = inProgress.get(client);
            if (count == null) {
                AtomicInteger first = new AtomicInteger(1);
                if (inProgress.putIfAbsent(client, first) == null) {
                    return true;
                }
                continue;
            }
            int current = count.get();
            if (current == RETIRED) {
                inProgress.remove(client, count);
            } else if (current >= cap) {
                return false;
            } else if (count.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Gives back a place taken by {@link #acquire}. */
    void release(String client) {
        if (cap == 0) {
            return;
        }
        AtomicInteger count = inProgress.get(client);
        if (count != null && count.decrementAndGet() == 0 && count.compareAndSet(0, RETIRED)) {
            inProgress.remove(client, count);
        }
    }
}
