package dev.affinity.session;

import java.time.Duration;

/**
 * How long one request may still wait for the backup map: a single budget for all its reads and
 * writes (and their retries), so a request never waits longer than the budget it started with,
 * whatever it had to do.
 */
public final class Budget {
    private final long deadline;

    private Budget(Duration total) {
        this.deadline = System.nanoTime() + total.toNanos();
    }

    /** A budget of {@code total} from now. */
    public static Budget of(Duration total) {
        return new Budget(total);
    }

    /** What is left, at most {@code cap}; zero when the budget is spent. */
    public Duration left(Duration cap) {
        long left = Math.max(0, deadline - System.nanoTime());
        return left < cap.toNanos() ? Duration.ofNanos(left) : cap;
    }

    /** Whether nothing is left. */
    public boolean spent() {
        return deadline - System.nanoTime() <= 0;
    }
}
