package dev.affinity.filter;

import java.util.function.LongSupplier;

/**
 * How a client sends a forwarded request's body: the bytes received and the time spent waiting
 * for the client; the time the member takes to accept what it was sent does not count against
 * the client, nor does a time this node itself stood still (a {@code SIGSTOP}, a long GC pause:
 * the client's bytes wait unread meanwhile). The body must average {@code forward.body.min-rate}
 * bytes per second over that time, after a first second's grace, and be complete within
 * {@code forward.body.timeout}.
 *
 * <p>A client is cut off only while its body is incomplete, and nothing is passed on after it was
 * (no byte, nor the end of a body without length): the member then never has the whole of a request
 * whose client was answered {@code 408}.
 */
final class BodyWatch {
    /** How often the forwarding node checks a body: a check that comes more than one period late finds this node stalled. */
    static final long CHECK_MILLIS = 1_000;
    private static final long GRACE_MILLIS = 1_000;

    private final int minRate;
    private final long maxMillis;
    private final long length;
    private final LongSupplier millis;
    private final long start;
    private long lastCheck;
    private long stalledMillis;
    private long bytes;
    private long memberMillis;
    private long pendingSince = -1;
    private boolean done;
    private boolean cutOff;

    /**
     * @param minRate the least average rate in bytes per second, or 0
     * @param maxMillis the longest the body may take, or 0
     * @param length the body's declared length, or -1 when it has none (chunked)
     * @param millis the clock (monotonic milliseconds)
     */
    BodyWatch(int minRate, long maxMillis, long length, LongSupplier millis) {
        this.minRate = minRate;
        this.maxMillis = maxMillis;
        this.length = length;
        this.millis = millis;
        this.start = millis.getAsLong();
        this.lastCheck = start;
    }

    /** Whether there is anything to watch. */
    static boolean needed(FilterSettings settings) {
        return settings.bodyMinRate() > 0 || !settings.bodyTimeout().isZero();
    }

    /**
     * {@code count} bytes were read from the client, to be handed to the member.
     *
     * @return whether they may be: {@code false} once the client was cut off
     */
    synchronized boolean received(int count) {
        if (cutOff) {
            return false;
        }
        bytes += count;
        pendingSince = millis.getAsLong();
        if (length >= 0 && bytes >= length) {
            done = true;
        }
        return true;
    }

    /** The member took the bytes handed to it. */
    synchronized void delivered() {
        if (pendingSince >= 0) {
            memberMillis += millis.getAsLong() - pendingSince;
            pendingSince = -1;
        }
    }

    /** The exchange ended: nothing more to watch. */
    synchronized void done() {
        done = true;
    }

    /**
     * The client's body has all arrived.
     *
     * @return whether its end may be passed on: {@code false} once the client was cut off
     */
    synchronized boolean completed() {
        done = true;
        return !cutOff;
    }

    /** Whether the body is incomplete and this node is waiting for the client, not for the member. */
    synchronized boolean waitingForClient() {
        return !done && pendingSince < 0;
    }

    /** Whether the watch is over. */
    synchronized boolean isDone() {
        return done;
    }

    /**
     * The check made every {@link #CHECK_MILLIS}: why the client is cut off now, or {@code null} while
     * it keeps to the limits. A check that comes late finds this node stalled since the last one, and
     * judges nothing: that time is not the client's.
     */
    synchronized String violation() {
        if (done) {
            return null;
        }
        long now = millis.getAsLong();
        long sinceCheck = now - lastCheck;
        lastCheck = now;
        if (sinceCheck > 2 * CHECK_MILLIS) {
            stalledMillis += sinceCheck;
            return null;
        }
        String violation = violationAt(now);
        if (violation != null) {
            cutOff = true;
            done = true;
        }
        return violation;
    }

    private String violationAt(long now) {
        long elapsed = now - start - stalledMillis;
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
