package dev.affinity.balancer;

import dev.affinity.access.StatusAccess;
import dev.affinity.routing.HealthSettings;
import dev.affinity.routing.KeyChain;
import dev.affinity.routing.Member;
import dev.affinity.routing.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The balancer's validated configuration.
 *
 * @param keys the partition key chain
 * @param strategy the placement strategy of every pool
 * @param health the health-check settings
 * @param pools each pool's members by pool name, the default pool first
 * @param rules the rules, in order
 * @param redirectStatus the status of the redirects: by method, or forced
 * @param keyless how requests without a key pick a member
 * @param stickyCookie the cookie that keeps keyless clients on one member, or {@code null}
 * @param retryAfter the {@code Retry-After} of a 503
 * @param statusPath the path of the JSON status page, or {@code null} when disabled
 * @param statusAccess who may read the status page
 */
record BalancerConfig(KeyChain keys, Strategy strategy, HealthSettings health, Map<String, List<Member>> pools,
                      List<PoolRule> rules, RedirectStatus redirectStatus, KeylessChoice keyless, String stickyCookie,
                      Duration retryAfter, String statusPath, StatusAccess statusAccess) {

    /** The name of the pool made of the {@code members} setting. */
    static final String DEFAULT_POOL = "default";
}
