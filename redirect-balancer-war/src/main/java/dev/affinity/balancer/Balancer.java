package dev.affinity.balancer;

import dev.affinity.config.ConfigException;
import dev.affinity.config.SettingSources;
import dev.affinity.logging.Log;
import dev.affinity.metrics.MetricsSettings;
import dev.affinity.routing.HealthMonitor;
import dev.affinity.routing.InvalidKeyException;
import dev.affinity.routing.Member;
import dev.affinity.routing.NoKeyPolicy;
import dev.affinity.routing.PartitionKey;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The redirect decision: checks the request, picks its pool by the rules, and places it among the
 * pool's healthy members by its key (as the affinity filter does), or, without a key, by the
 * sticky cookie, then in turn. One {@link HealthMonitor} probes the members of all pools. The
 * pools follow their memberships ({@link Farm}) and a new configuration replaces them at once
 * ({@link #reload}).
 * {@link #decide(HttpServletRequest)} is the whole decision, without any I/O: what a benchmark measures.
 */
public final class Balancer implements AutoCloseable {
    private static final Log LOG = Log.of(Balancer.class);

    private final BalancerCounters counters = new BalancerCounters();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Farm farm;

    Balancer(BalancerConfig config) {
        HealthMonitor health = new HealthMonitor(config.routing().health());
        synchronized (this) {
            try {
                farm = new Farm(config, health, this::membershipChanged);
            } catch (RuntimeException e) {
                health.close();
                throw e;
            }
            health.start(farm.members(), null);
        }
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

    /**
     * Applies a new configuration: requests are placed by it from now on. Members that stay keep
     * their health (unless the health settings changed); the new memberships start before the old
     * ones stop, so a Hazelcast client is kept.
     *
     * @throws ConfigException naming a setting that changes only at a restart, or a membership
     *     provider that cannot start; the running configuration is kept
     */
    public synchronized void reload(BalancerConfig next) {
        Farm current = farm;
        MetricsSettings before = current.config().metrics();
        MetricsSettings after = next.metrics();
        restartOnly(before.endpoint().prefix() + ".enabled", before.endpoint().enabled(), after.endpoint().enabled());
        restartOnly(before.endpoint().prefix() + ".path", before.endpoint().path(), after.endpoint().path());
        restartOnly(before.endpoint().prefix() + ".jmx", before.jmx(), after.jmx());
        boolean sameHealth = next.routing().health().equals(current.config().routing().health());
        HealthMonitor health = sameHealth ? current.health() : new HealthMonitor(next.routing().health());
        Farm built;
        try {
            built = new Farm(next, health, this::membershipChanged);
        } catch (RuntimeException e) {
            if (!sameHealth) {
                health.close();
            }
            throw e;
        }
        farm = built;
        if (sameHealth) {
            health.track(built.members());
        } else {
            health.start(built.members(), null);
        }
        current.close();
        if (!sameHealth) {
            current.health().close();
        }
        listeners.forEach(Runnable::run);
    }

    private static void restartOnly(String setting, Object before, Object after) {
        if (!before.equals(after)) {
            throw new ConfigException("affinity setting '" + setting + "' changed from " + before + " to " + after
                    + ": accepted: the running value; it takes effect only when the balancer restarts");
        }
    }

    /** Runs {@code listener} after every change of the members or of the configuration. */
    void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private synchronized void membershipChanged(Farm changed) {
        if (changed == farm) {
            changed.health().track(changed.members());
            LOG.info("affinity balancer: members now {}", changed.members());
            listeners.forEach(Runnable::run);
        }
    }

    /** Decides what to answer {@code request}. */
    public Decision decide(HttpServletRequest request) {
        Farm current = farm;
        Decision decision;
        try {
            decision = place(current, BalancedRequest.of(request));
        } catch (MalformedRequestException | InvalidKeyException e) {
            decision = new Decision.Rejected(e.getMessage());
        }
        counters.count(decision, statusOf(current.config(), decision, request.getMethod()));
        return decision;
    }

    /** The status {@code decision} is answered with, for a request with {@code method}. */
    int statusOf(Decision decision, String method) {
        return statusOf(config(), decision, method);
    }

    private static int statusOf(BalancerConfig config, Decision decision, String method) {
        if (decision instanceof Decision.Redirect) {
            return config.redirectStatus().statusFor(method);
        }
        return decision instanceof Decision.Unavailable ? HttpServletResponse.SC_SERVICE_UNAVAILABLE : HttpServletResponse.SC_BAD_REQUEST;
    }

    /** The configuration in force. */
    BalancerConfig config() {
        return farm.config();
    }

    /** The pools and health in force. */
    Farm farm() {
        return farm;
    }

    HealthMonitor health() {
        return farm.health();
    }

    List<Pool> pools() {
        return farm.pools();
    }

    BalancerCounters counters() {
        return counters;
    }

    /** Stops the health checks and the memberships. */
    @Override
    public synchronized void close() {
        farm.close();
        farm.health().close();
    }

    private static Decision place(Farm farm, BalancedRequest request) {
        BalancerConfig config = farm.config();
        Pool pool = poolFor(farm, request);
        PartitionKey key = config.routing().keys().extract(request.servletRequest());
        Member member;
        boolean stick = false;
        if (key != null) {
            member = pool.route(key);
        } else if (config.routing().noKey() == NoKeyPolicy.REJECT) {
            return new Decision.Rejected(NoKeyPolicy.REJECTED);
        } else {
            member = stuckTo(config, request.servletRequest(), pool);
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

    private static Pool poolFor(Farm farm, BalancedRequest request) {
        for (PoolRule rule : farm.config().rules()) {
            if (rule.matches(request)) {
                return farm.pool(rule.pool());
            }
        }
        return farm.pool(BalancerConfig.DEFAULT_POOL);
    }

    private static Member stuckTo(BalancerConfig config, HttpServletRequest request, Pool pool) {
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
