package dev.affinity.filter;

import dev.affinity.drain.NodeDrain;
import dev.affinity.routing.HealthMonitor;
import dev.affinity.routing.Member;
import dev.affinity.routing.Membership;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The affinity filter's meters, read from its {@link FilterCounters} and its health view (see
 * docs/operations.md): {@code affinity.requests{outcome,cause}}, {@code affinity.forward.duration},
 * {@code affinity.forward.abandoned}, {@code affinity.forward.slow-bodies} and
 * {@code affinity.member.up{member}}, {@code affinity.member.draining{member}} (this node included)
 * and {@code affinity.requests.in-flight}. Loaded only when Micrometer is on the class path.
 */
final class FilterMeters implements MeterBinder {
    private static final String REQUESTS = "affinity.requests";
    private static final String NO_CAUSE = "none";

    private final FilterCounters counters;
    private final Membership membership;
    private final HealthMonitor health;
    private final NodeDrain drain;
    /** The members whose gauges are registered: Micrometer warns when a gauge is registered twice. */
    private final Set<String> meteredMembers = ConcurrentHashMap.newKeySet();

    FilterMeters(FilterCounters counters, Membership membership, HealthMonitor health, NodeDrain drain) {
        this.drain = drain;
        this.counters = counters;
        this.membership = membership;
        this.health = health;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        requests(registry, "local", NO_CAUSE, FilterCounters::localCount, "requests served on this node");
        requests(registry, "forwarded", NO_CAUSE, FilterCounters::forwardedCount, "requests forwarded to the member owning their key");
        requests(registry, "failed-over", NO_CAUSE, FilterCounters::failedOverCount,
                "forwards retried on the next member in rank after their member failed");
        for (Rejection cause : Rejection.values()) {
            requests(registry, "rejected", cause.tag(), c -> c.rejectedCount(cause), "requests the filter answered with an error itself");
        }
        FunctionCounter.builder("affinity.forward.abandoned", counters, FilterCounters::abandonedCount)
                .description("forwards abandoned because their member was marked down while they waited").register(registry);
        FunctionCounter.builder("affinity.forward.slow-bodies", counters, FilterCounters::slowBodyCount)
                .description("clients cut off for sending a forwarded body too slowly").register(registry);
        Timer forwards = Timer.builder("affinity.forward.duration")
                .description("time from receiving a request to forward to the end of its relayed answer, failovers included")
                .publishPercentileHistogram()
                .register(registry);
        counters.timeForwardsWith(nanos -> forwards.record(nanos, TimeUnit.NANOSECONDS));
        for (Member member : membership.members()) {
            memberUp(registry, member);
        }
        health.addListener((member, healthy) -> memberUp(registry, member));
        Gauge.builder("affinity.requests.in-flight", drain, NodeDrain::requests)
                .description("requests in flight on this node, forwards through it included").register(registry);
    }

    private void requests(MeterRegistry registry, String outcome, String cause, ToDoubleFunction<FilterCounters> count,
                          String description) {
        FunctionCounter.builder(REQUESTS, counters, count).tags("outcome", outcome, "cause", cause)
                .description(description).register(registry);
    }

    /** A gauge per member (registered once, here or when the member's health first changes): 1 up, 0 down. */
    private void memberUp(MeterRegistry registry, Member member) {
        if (!meteredMembers.add(member.name())) {
            return;
        }
        Gauge.builder("affinity.member.up", health, h -> h.isHealthy(member) ? 1 : 0).tag("member", member.name())
                .description("whether this node routes to the member: 1 up, 0 down").register(registry);
        Gauge.builder("affinity.member.draining", health, h -> h.isDraining(member) ? 1 : 0).tag("member", member.name())
                .description("whether the member drains (this node included): 1 draining, 0 serving").register(registry);
    }
}
