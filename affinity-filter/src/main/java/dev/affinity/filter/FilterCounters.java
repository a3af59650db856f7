package dev.affinity.filter;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * What the filter did with requests since it started; lock-free, reported by the status endpoint
 * and read by the meters. The time each forward took is handed on to whoever listens (the
 * forward timer), since only a histogram can keep it.
 */
final class FilterCounters {
    private final LongAdder local = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder failedOver = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final LongAdder slowBodies = new LongAdder();
    private final Map<Rejection, LongAdder> rejected = new EnumMap<>(Rejection.class);
    private volatile LongConsumer forwardTimes = nanos -> { };

    FilterCounters() {
        for (Rejection cause : Rejection.values()) {
            rejected.put(cause, new LongAdder());
        }
    }

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

    /** The filter answered a request with an error itself, for {@code cause}. */
    void rejected(Rejection cause) {
        rejected.get(cause).increment();
    }

    /** A forward ended, {@code nanos} after it began (all its attempts and the relayed answer). */
    void forwardTook(long nanos) {
        forwardTimes.accept(nanos);
    }

    /** Hands the time of each forward from now on to {@code listener}. */
    void timeForwardsWith(LongConsumer listener) {
        forwardTimes = listener;
    }

    long localCount() {
        return local.sum();
    }

    long forwardedCount() {
        return forwarded.sum();
    }

    long failedOverCount() {
        return failedOver.sum();
    }

    long abandonedCount() {
        return abandoned.sum();
    }

    long slowBodyCount() {
        return slowBodies.sum();
    }

    long rejectedCount(Rejection cause) {
        return rejected.get(cause).sum();
    }

    /** The counters by name: {@code errors} are the rejections but those over the client cap, counted apart. */
    Map<String, Long> snapshot() {
        long errors = 0;
        for (Rejection cause : Rejection.values()) {
            if (cause.isError()) {
                errors += rejectedCount(cause);
            }
        }
        Map<String, Long> view = new LinkedHashMap<>();
        view.put("local", local.sum());
        view.put("forwarded", forwarded.sum());
        view.put("failedOver", failedOver.sum());
        view.put("abandoned", abandoned.sum());
        view.put("slowBodies", slowBodies.sum());
        view.put("overClientCap", rejectedCount(Rejection.OVER_CLIENT_CAP));
        view.put("errors", errors);
        return view;
    }
}
