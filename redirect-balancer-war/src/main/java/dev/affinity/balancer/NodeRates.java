package dev.affinity.balancer;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per second from counters read now and then: each series (a member's local, forwarded
 * or failed-over requests, or the balancer's redirects to it) remembers its last reading, and its
 * rate is the change since then over the time between (a counter that went back, a node that
 * restarted, counts from zero). Readings closer than {@link #MIN_SPAN_NANOS} keep the last rate.
 */
final class NodeRates {
    private static final long MIN_SPAN_NANOS = 500_000_000L;

    private final Map<String, Reading> readings = new ConcurrentHashMap<>();

    /** The rate of series {@code series} given its counter now, or empty until it has been read twice. */
    OptionalDouble rate(String series, OptionalLong counter, long nowNanos) {
        if (counter.isEmpty()) {
            readings.remove(series);
            return OptionalDouble.empty();
        }
        long value = counter.getAsLong();
        Reading last = readings.get(series);
        if (last == null) {
            readings.put(series, new Reading(value, nowNanos, OptionalDouble.empty()));
            return OptionalDouble.empty();
        }
        long span = nowNanos - last.nanos;
        if (span < MIN_SPAN_NANOS) {
            return last.rate;
        }
        long change = value >= last.value ? value - last.value : value;
        OptionalDouble rate = OptionalDouble.of(change * 1e9 / span);
        readings.put(series, new Reading(value, nowNanos, rate));
        return rate;
    }

    /** A counter's value when read, and the rate computed then. */
    private record Reading(long value, long nanos, OptionalDouble rate) {
    }
}
