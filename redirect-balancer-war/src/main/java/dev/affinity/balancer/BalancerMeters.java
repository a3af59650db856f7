package dev.affinity.balancer;

import dev.affinity.routing.HealthMonitor;
import dev.affinity.routing.Member;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The balancer's meters, read from its {@link BalancerCounters} and health view (see
 * docs/operations.md): {@code affinity.balancer.decisions{pool,status}}, one per pool and status it
 * may answer (each pool's redirect statuses and {@code 503}; pool {@code none}, status {@code 400}
 * for malformed requests), and {@code affinity.balancer.member.up{member}}.
 */
final class BalancerMeters implements MeterBinder {
    private final Balancer balancer;

    BalancerMeters(Balancer balancer) {
        this.balancer = balancer;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        BalancerCounters counters = balancer.counters();
        Map<String, Member> members = new LinkedHashMap<>();
        for (Pool pool : balancer.pools()) {
            for (int status : balancer.config().redirectStatus().statuses()) {
                decisions(registry, counters, pool.name(), status);
            }
            decisions(registry, counters, pool.name(), 503);
            pool.members().forEach(member -> members.putIfAbsent(member.name(), member));
        }
        decisions(registry, counters, BalancerCounters.NO_POOL, 400);
        HealthMonitor health = balancer.health();
        for (Member member : members.values()) {
            Gauge.builder("affinity.balancer.member.up", health, h -> h.isHealthy(member) ? 1 : 0).tag("member", member.name())
                    .description("whether the balancer sends requests to the member: 1 up, 0 down").register(registry);
            Gauge.builder("affinity.balancer.member.draining", health, h -> h.isDraining(member) ? 1 : 0).tag("member", member.name())
                    .description("whether the member drains (the balancer sends it no new key): 1 draining, 0 serving").register(registry);
        }
    }

    private static void decisions(MeterRegistry registry, BalancerCounters counters, String pool, int status) {
        FunctionCounter.builder("affinity.balancer.decisions", counters, c -> c.decisions(pool, status))
                .tags("pool", pool, "status", Integer.toString(status))
                .description("requests the balancer answered, by the pool chosen and the status answered").register(registry);
    }
}
