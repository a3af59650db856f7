package dev.affinity.routing;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Picks a member for a request without a key, among a fixed list: the next healthy member in turn
 * ({@code round-robin}), or the healthy member chosen longest ago ({@code least-recent}). A
 * draining member is picked only when no member that serves is healthy.
 */
public final class KeylessPicker {
    private final List<Member> members;
    private final HealthView health;
    private final boolean leastRecent;
    private final AtomicLong turns = new AtomicLong();
    private final AtomicLongArray lastChosen;

    /**
     * @param members the members to pick from
     * @param health which of them are healthy
     * @param policy {@link NoKeyPolicy#ROUND_ROBIN} or {@link NoKeyPolicy#LEAST_RECENT}
     */
    public KeylessPicker(List<Member> members, HealthView health, NoKeyPolicy policy) {
        if (policy != NoKeyPolicy.ROUND_ROBIN && policy != NoKeyPolicy.LEAST_RECENT) {
            throw new IllegalArgumentException("not a way to pick a member: " + policy);
        }
        this.members = List.copyOf(members);
        this.health = health;
        this.leastRecent = policy == NoKeyPolicy.LEAST_RECENT;
        this.lastChosen = new AtomicLongArray(members.size());
    }

    /** The member for a request without a key, or {@code null} when none is healthy. */
    public Member pick() {
        Member serving = pick(false);
        return serving != null ? serving : pick(true);
    }

    private Member pick(boolean drainingToo) {
        long turn = turns.getAndIncrement();
        int size = members.size();
        int best = -1;
        for (int i = 0; i < size; i++) {
            int index = (int) ((turn + i) % size);
            Member member = members.get(index);
            if (health.isHealthy(member) && (drainingToo || !health.isDraining(member))) {
                if (!leastRecent) {
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
