package dev.affinity.balancer;

import dev.affinity.access.EndpointSettings;
import dev.affinity.config.Settings;
import dev.affinity.metrics.MetricsSettings;
import dev.affinity.routing.Member;
import dev.affinity.routing.RoutingSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The balancer's validated configuration.
 *
 * @param routing the key chain, strategy, health and {@code no-key}, as the affinity filter reads them
 * @param provider the membership provider the default pool follows ({@code members=hazelcast}), if any
 * @param settings the settings, which the membership provider reads
 * @param pools each pool's fixed members by pool name, the default pool first unless a provider gives it
 * @param rules the rules, in order
 * @param redirectStatus the status of the redirects: by method, or forced
 * @param stickyCookie the cookie that keeps keyless clients on one member, or {@code null}
 * @param retryAfter the {@code Retry-After} of a 503
 * @param status the JSON status page ({@code balancer-status.enabled}, {@code balancer-status.path}, {@code status.allow})
 * @param metrics the meters' Prometheus endpoint and JMX ({@code balancer-metrics.enabled}, {@code balancer-metrics.path},
 *                {@code balancer-metrics.jmx})
 * @param dashboard the farm dashboard ({@code balancer-dashboard.*})
 */
record BalancerConfig(RoutingSettings routing, Optional<String> provider, Settings settings, Map<String, List<Member>> pools, List<PoolRule> rules,
                      RedirectStatus redirectStatus, String stickyCookie, Duration retryAfter, EndpointSettings status,
                      MetricsSettings metrics, DashboardSettings dashboard) {

    /** The name of the pool made of the {@code members} setting. */
    static final String DEFAULT_POOL = "default";
}
