package dev.affinity.it.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load's shape: at most a given number of steps a second, shared by all the shoppers of a run.
 * The farm, the balancer and the shoppers share the test machine's cores; an unpaced run spends
 * them on the shoppers' own requests and starves the node that restarts, which is what the run
 * watches. Each shopper still has its own session and at most one request in flight.
 */
final class Pace {
    private final long intervalNanos;
    private final AtomicLong nextSlot = new AtomicLong(System.nanoTime());

    Pace(int stepsPerSecond) {
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / stepsPerSecond;
    }

    /** Waits for this shopper's next slot: the slots are {@code 1 / stepsPerSecond} apart, none in the past. */
    void awaitSlot() throws InterruptedException {
        long now = System.nanoTime();
        long slot = nextSlot.getAndUpdate(next -> Math.max(next, now) + intervalNanos);
        long wait = slot - now;
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
