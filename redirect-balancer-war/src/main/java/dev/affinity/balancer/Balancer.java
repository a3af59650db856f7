package dev.affinity.balancer;

import dev.affinity.config.SettingSources;
import dev.affinity.routing.HealthMonitor;
import dev.affinity.routing.InvalidKeyException;
import dev.affinity.routing.Member;
import dev.affinity.routing.NoKeyPolicy;
import dev.affinity.routing.PartitionKey;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The redirect decision: checks the request, picks its pool by the rules, and places it among the
 * pool's healthy members by its key (as the affinity filter does), or, without a key, by the
 * sticky cookie, then in turn. One {@link HealthMonitor} probes the members of all pools.
 * {@link #decide(HttpServletRequest)} is the whole decision, without any I/O: what a benchmark measures.
 */
public final class Balancer implements AutoCloseable {
    private final BalancerConfig config;
    private final HealthMonitor health;
    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private final BalancerCounters counters = new BalancerCounters();

    Balancer(BalancerConfig config) {
        this.config = config;
        this.health = new HealthMonitor(config.routing().health());
        Set<Member> all = new LinkedHashSet<>();
        config.pools().forEach((name, members) -> {
            pools.put(name, new Pool(name, members, config.routing().strategy(), health, config.routing().noKey()));
            all.addAll(members);
        });
        health.start(new ArrayList<>(all), null);
    }

    /**
     * Loads the configuration and starts the health checks.
     *
     * @param configFile the balancer's JSON file, unless the system property or the environment
     *     variable names another (see {@link BalancerConfigLoader})
     * @throws dev.affinity.config.ConfigException naming the bad field
     */
    public static Balancer start(String configFile) {
        return start(configFile, SettingSources.system());
    }

    /** As {@link #start(String)}, with the layers and resources of {@code sources} (a webapp's, say). */
    public static Balancer start(String configFile, SettingSources sources) {
        return new Balancer(new BalancerConfigLoader(sources).load(configFile));
    }

    /** Decides what to answer {@code request}. */
    public Decision decide(HttpServletRequest request) {
        Decision decision;
        try {
            decision = place(BalancedRequest.of(request));
        } catch (MalformedRequestException | InvalidKeyException e) {
            decision = new Decision.Rejected(e.getMessage());
        }
        counters.count(decision, statusOf(decision, request.getMethod()));
        return decision;
    }

    /** The status {@code decision} is answered with, for a request with {@code method}. */
    int statusOf(Decision decision, String method) {
        if (decision instanceof Decision.Redirect) {
            return config.redirectStatus().statusFor(method);
        }
        return decision instanceof Decision.Unavailable ? HttpServletResponse.SC_SERVICE_UNAVAILABLE : HttpServletResponse.SC_BAD_REQUEST;
    }

    BalancerConfig config() {
        return config;
    }

    HealthMonitor health() {
        return health;
    }

    List<Pool> pools() {
        return List.copyOf(pools.values());
    }

    BalancerCounters counters() {
        return counters;
    }

    /** Stops the health checks. */
    @Override
    public void close() {
        health.close();
    }

    private Decision place(BalancedRequest request) {
        Pool pool = poolFor(request);
        PartitionKey key = config.routing().keys().extract(request.servletRequest());
        Member member;
        boolean stick = false;
        if (key != null) {
            member = pool.route(key);
        } else if (config.routing().noKey() == NoKeyPolicy.REJECT) {
            return new Decision.Rejected(NoKeyPolicy.REJECTED);
        } else {
            member = stuckTo(request.servletRequest(), pool);
            if (member == null) {
                member = pool.pickWithoutKey();
                stick = config.stickyCookie() != null;
            }
        }
        if (member == null) {
            return new Decision.Unavailable(pool.name());
        }
        return new Decision.Redirect(pool.name(), member, request.locationOn(member.baseUrl()), stick);
    }

    private Pool poolFor(BalancedRequest request) {
        for (PoolRule rule : config.rules()) {
            if (rule.matches(request)) {
                return pools.get(rule.pool());
            }
        }
        return pools.get(BalancerConfig.DEFAULT_POOL);
    }

    private Member stuckTo(HttpServletRequest request, Pool pool) {
        String cookieName = config.stickyCookie();
        Cookie[] cookies = request.getCookies();
        if (cookieName == null || cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (cookie.getName().equals(cookieName)) {
                return pool.healthyMember(cookie.getValue());
            }
        }
        return null;
    }
}
