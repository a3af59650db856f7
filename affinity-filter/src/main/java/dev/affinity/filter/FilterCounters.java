package dev.affinity.filter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What the filter did with requests since it started; lock-free, reported by the status endpoint. */
final class FilterCounters {
    private final LongAdder local = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder failedOver = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final LongAdder slowBodies = new LongAdder();
    private final LongAdder overClientCap = new LongAdder();
    private final LongAdder errors = new LongAdder();

    /** A request was served on this node. */
    void local() {
        local.increment();
    }

    /** A request was forwarded to another member. */
    void forwarded() {
        forwarded.increment();
    }

    /** A forward was retried on the next member in rank. */
    void failedOver() {
        failedOver.increment();
    }

    /** A forward waiting for its answer was abandoned because its member was marked down. */
    void abandoned() {
        abandoned.increment();
    }

    /** A client sent a forwarded body too slowly, or for too long, and was cut off. */
    void slowBody() {
        slowBodies.increment();
    }

    /** A client already had {@code forward.max-per-client} forwards in progress: answered {@code 429}. */
    void overClientCap() {
        overClientCap.increment();
    }

    /** The filter answered with an error itself (bad key, no member reachable). */
    void error() {
        errors.increment();
    }

    /** The counters by name. */
    Map<String, Long> snapshot() {
        Map<String, Long> view = new LinkedHashMap<>();
        view.put("local", local.sum());
        view.put("forwarded", forwarded.sum());
        view.put("failedOver", failedOver.sum());
        view.put("abandoned", abandoned.sum());
        view.put("slowBodies", slowBodies.sum());
        view.put("overClientCap", overClientCap.sum());
        view.put("errors", errors.sum());
        return view;
    }
}
