package dev.affinity.filter;

import java.util.function.LongSupplier;

/**
 * How a client sends a forwarded request's body: the bytes received and the time spent waiting
 * for the client; the time the member takes to accept what it was sent does not count against
 * the client. The body must average {@code forward.body.min-rate} bytes per second over that
 * time, after a first second's grace, and be complete within {@code forward.body.timeout}.
 */
final class BodyWatch {
    private static final long GRACE_MILLIS = 1_000;

    private final int minRate;
    private final long maxMillis;
    private final LongSupplier millis;
    private final long start;
    private long bytes;
    private long memberMillis;
    private long pendingSince = -1;
    private boolean done;

    /**
     * @param minRate the least average rate in bytes per second, or 0
     * @param maxMillis the longest the body may take, or 0
     * @param millis the clock (monotonic milliseconds)
     */
    BodyWatch(int minRate, long maxMillis, LongSupplier millis) {
        this.minRate = minRate;
        this.maxMillis = maxMillis;
        this.millis = millis;
        this.start = millis.getAsLong();
    }

    /** Whether there is anything to watch. */
    static boolean needed(FilterSettings settings) {
        return settings.bodyMinRate() > 0 || !settings.bodyTimeout().isZero();
    }

    /** {@code length} bytes were read from the client and handed to the member, which has not taken them yet. */
    synchronized void received(int length) {
        bytes += length;
        pendingSince = millis.getAsLong();
    }

    /** The member took the bytes handed to it. */
    synchronized void delivered() {
        if (pendingSince >= 0) {
            memberMillis += millis.getAsLong() - pendingSince;
            pendingSince = -1;
        }
    }

    /** The body is complete, or the exchange ended. */
    synchronized void done() {
        done = true;
    }

    /** Whether the body is incomplete and this node is waiting for the client, not for the member. */
    synchronized boolean waitingForClient() {
        return !done && pendingSince < 0;
    }

    /** Whether the watch is over. */
    synchronized boolean isDone() {
        return done;
    }

    /** Why the client must be cut off now, or {@code null} while it keeps to the limits. */
    synchronized String violation() {
        if (done) {
            return null;
        }
        long now = millis.getAsLong();
        long elapsed = now - start;
        if (maxMillis > 0 && elapsed > maxMillis) {
            return "the request's body took longer than forward.body.timeout to arrive";
        }
        long clientMillis = elapsed - memberMillis - (pendingSince >= 0 ? now - pendingSince : 0);
        if (minRate > 0 && clientMillis > GRACE_MILLIS && bytes < minRate * (clientMillis - GRACE_MILLIS) / 1_000) {
            return "the request's body arrived slower than forward.body.min-rate (" + minRate + " bytes per second)";
        }
        return null;
    }
}
