package dev.affinity.filter;

import dev.affinity.access.AllowedAddresses;
import dev.affinity.access.EndpointSettings;
import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import dev.affinity.drain.NodeDrain;
import dev.affinity.metrics.MetricsSettings;
import dev.affinity.routing.RoutingSettings;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The filter's own settings, read next to the routing settings.
 *
 * @param secret the cluster secret that signs forwarding marks, if set
 * @param connectTimeout how long a connection to a member may take to open
 * @param idleTimeout how long a forwarded exchange may stay silent
 * @param responseTimeout how long a member may take to begin its answer once sent the whole request; zero: no limit
 * @param bodyMinRate the least average rate, in bytes per second, at which a client must send a forwarded body; zero: no limit
 * @param bodyTimeout the longest a client may take to send a forwarded body; zero: no limit
 * @param maxPerClient the most forwards in progress at once for one client address; zero: no limit
 * @param maxThreads the forwarding client's thread pool size
 * @param maxConnections the most connections to one member
 * @param forwardedHeaders which client-address headers a forwarded request carries
 * @param maxSkew how old (or how far in the future) a forwarding mark may be
 * @param exposeNode whether responses carry {@code X-Affinity-Node}
 * @param status the status endpoint ({@code status.enabled}, {@code status.path}, {@code status.allow})
 * @param metrics the meters' Prometheus endpoint and JMX ({@code metrics.enabled}, {@code metrics.path}, {@code metrics.jmx})
 * @param gateway whether this node is a gateway: none of the members, it forwards every request to one
 * @param ring the ring endpoint ({@code ring.enabled}, {@code ring.path}, {@code ring.allow})
 * @param adminAllow the client addresses that may call the admin endpoints without a signature
 * @param drainTimeout how long a graceful stop waits for the drain; zero: it does not wait
 * @param warmUp the requests this node sends itself before it says it is up ({@code warm-up}, {@code warm-up.path},
 *               {@code warm-up.timeout}; see {@link WarmUp})
 */
record FilterSettings(Optional<String> secret, Duration connectTimeout, Duration idleTimeout, Duration responseTimeout,
                      int bodyMinRate, Duration bodyTimeout, int maxPerClient, int maxThreads,
                      int maxConnections, ForwardedHeaderStyle forwardedHeaders, Duration maxSkew,
                      boolean exposeNode, EndpointSettings status, MetricsSettings metrics, boolean gateway,
                      EndpointSettings ring, AllowedAddresses adminAllow, Duration drainTimeout, WarmUp.Plan warmUp) {

    /** The prefix of the status endpoint's settings. */
    static final String STATUS = "status";
    /** The prefix of the metrics settings. */
    static final String METRICS = "metrics";
    /** The prefix of the ring endpoint's settings. */
    static final String RING = "ring";
    /** The setting listing who may read the ring. */
    static final String RING_ALLOW = "ring.allow";

    /** Every setting the filter accepts: its own and the routing settings. */
    static final Set<String> NAMES;

    static {
        Set<String> names = new HashSet<>(RoutingSettings.NAMES);
        names.addAll(Set.of("secret", "forward.connect-timeout", "forward.idle-timeout", "forward.response-timeout",
                "forward.body.min-rate", "forward.body.timeout", "forward.max-per-client", "forward.max-threads",
                "forward.max-connections", "forward.headers", "forward.max-skew", "expose-node", "gateway",
                "admin.allow", "drain.timeout", "warm-up", "warm-up.path", "warm-up.timeout"));
        names.addAll(EndpointSettings.names(RING, RING_ALLOW));
        names.addAll(EndpointSettings.statusNames(STATUS));
        names.addAll(MetricsSettings.names(METRICS));
        NAMES = Set.copyOf(names);
    }

    /** Reads and checks the filter's settings. */
    static FilterSettings from(Settings settings) {
        return new FilterSettings(settings.secret("secret"),
                settings.duration("forward.connect-timeout", Duration.ofSeconds(2), Duration.ofMillis(10)),
                settings.duration("forward.idle-timeout", Duration.ofSeconds(30), Duration.ofMillis(10)),
                settings.duration("forward.response-timeout", Duration.ofSeconds(30), Duration.ZERO),
                settings.integer("forward.body.min-rate", 1024, 0, 1_000_000_000),
                settings.duration("forward.body.timeout", Duration.ofMinutes(10), Duration.ZERO),
                settings.integer("forward.max-per-client", 64, 0, 1_000_000),
                settings.integer("forward.max-threads", 32, 4, 1000),
                settings.integer("forward.max-connections", 256, 1, 100_000),
                settings.choice("forward.headers", ForwardedHeaderStyle.class, ForwardedHeaderStyle.X_FORWARDED),
                settings.duration("forward.max-skew", Duration.ofSeconds(30), Duration.ofSeconds(1)),
                settings.bool("expose-node", false),
                EndpointSettings.status(settings, STATUS, "/affinity/status"),
                MetricsSettings.from(settings, METRICS, "/affinity/metrics"),
                settings.bool("gateway", false),
                EndpointSettings.from(settings, RING, true, "/affinity/ring", RING_ALLOW),
                AllowedAddresses.parse("admin.allow", settings.string("admin.allow", AllowedAddresses.LOOPBACK)),
                settings.duration("drain.timeout", NodeDrain.DEFAULT_TIMEOUT, Duration.ZERO),
                new WarmUp.Plan(settings.integer("warm-up", 0, 0, 100_000), settings.path("warm-up.path", "/affinity/health"),
                        settings.duration("warm-up.timeout", Duration.ofSeconds(10), Duration.ofMillis(100))));
    }

    /** The secret, required once forwarding is possible. */
    String requiredSecret() {
        return secret.orElseThrow(() -> new ConfigException("affinity setting 'secret' is required when requests can be "
                + "forwarded: accepted: a random string of at least " + Settings.MIN_SECRET_LENGTH
                + " characters, the same on every node (or the environment variable AFFINITY_SECRET)"));
    }
}
