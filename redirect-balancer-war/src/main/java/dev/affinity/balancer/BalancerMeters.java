package dev.affinity.balancer;

import dev.affinity.routing.Member;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The balancer's meters, read from its {@link BalancerCounters} and health view (see
 * docs/operations.md): {@code affinity.balancer.decisions{pool,status}}, one per pool and status it
 * may answer (each pool's redirect statuses and {@code 503}; pool {@code none}, status {@code 400}
 * for malformed requests), {@code affinity.balancer.member.up{member}} and {@code affinity.balancer.member.draining{member}}. They follow the members
 * and the pools as they change (membership, a reloaded configuration).
 */
final class BalancerMeters implements MeterBinder {
    private final Balancer balancer;
    private final Map<String, List<Meter>> memberGauges = new HashMap<>();
    private MeterRegistry registry;

    BalancerMeters(Balancer balancer) {
        this.balancer = balancer;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        this.registry = registry;
        decisions(BalancerCounters.NO_POOL, 400);
        refresh();
        balancer.onChange(this::refresh);
    }

    private synchronized void refresh() {
        Farm farm = balancer.farm();
        Map<String, Member> members = new LinkedHashMap<>();
        for (Pool pool : farm.pools()) {
            for (int status : farm.config().redirectStatus().statuses()) {
                decisions(pool.name(), status);
            }
            decisions(pool.name(), 503);
            pool.members().forEach(member -> members.putIfAbsent(member.name(), member));
        }
        memberGauges.entrySet().removeIf(gauges -> {
            boolean gone = !members.containsKey(gauges.getKey());
            if (gone) {
                gauges.getValue().forEach(registry::remove);
            }
            return gone;
        });
        for (String name : members.keySet()) {
            memberGauges.computeIfAbsent(name, n -> List.of(
                    Gauge.builder("affinity.balancer.member.up", balancer, b -> up(b, n)).tag("member", n)
                            .description("whether the balancer sends requests to the member: 1 up, 0 down").register(registry),
                    Gauge.builder("affinity.balancer.member.draining", balancer, b -> draining(b, n)).tag("member", n)
                            .description("whether the member drains (the balancer sends it no new key): 1 draining, 0 serving")
                            .register(registry)));
        }
    }

    private static double up(Balancer balancer, String name) {
        Farm farm = balancer.farm();
        return farm.members().stream().anyMatch(m -> m.name().equals(name) && farm.health().isHealthy(m)) ? 1 : 0;
    }

    private static double draining(Balancer balancer, String name) {
        Farm farm = balancer.farm();
        return farm.members().stream().anyMatch(m -> m.name().equals(name) && farm.health().isDraining(m)) ? 1 : 0;
    }

    private void decisions(String pool, int status) {
        BalancerCounters counters = balancer.counters();
        FunctionCounter.builder("affinity.balancer.decisions", counters, c -> c.decisions(pool, status))
                .tags("pool", pool, "status", Integer.toString(status))
                .description("requests the balancer answered, by the pool chosen and the status answered").register(registry);
    }
}
