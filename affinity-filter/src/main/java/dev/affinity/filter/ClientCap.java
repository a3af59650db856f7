package dev.affinity.filter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the forwards in progress per client address and refuses one beyond the cap
 * ({@code forward.max-per-client}), so one client cannot hold all of a member's threads through
 * this node. A cap of zero refuses nothing.
 */
final class ClientCap {
    private final int cap;
    private final Map<String, Integer> inProgress = new ConcurrentHashMap<>();

    ClientCap(int cap) {
        this.cap = cap;
    }

    /** Takes a place for {@code client}; {@code false} when it already has {@code cap} forwards in progress. */
    boolean acquire(String client) {
        if (cap == 0) {
            return true;
        }
        boolean[] taken = new boolean[1];
        inProgress.compute(client, (address, count) -> {
            int current = count == null ? 0 : count;
            taken[0] = current < cap;
            return taken[0] ? current + 1 : count;
        });
        return taken[0];
    }

    /** Gives back a place taken by {@link #acquire}. */
    void release(String client) {
        if (cap != 0) {
            inProgress.computeIfPresent(client, (address, count) -> count <= 1 ? null : count - 1);
        }
    }
}
