package dev.affinity.session;

import dev.affinity.access.EndpointSettings;
import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import dev.affinity.metrics.MetricsSettings;
import dev.affinity.session.protection.BackupProtection;
import dev.affinity.session.serialization.Codec;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The settings of {@link SessionBackupFilter}, read and checked at start-up. */
record SessionSettings(
        NodeSelf self,
        BackupProtection protection,
        SessionCookie cookie,
        boolean urlSessionIds,
        int maxSessions,
        WriteMode writeMode,
        int writeQueue,
        Duration writeTimeout,
        Duration readTimeout,
        Duration retryBackoff,
        Duration retryBackoffMax,
        DirtyPolicy dirtyPolicy,
        Optional<Integer> maxInactiveSeconds,
        Duration expiryInterval,
        Codec codec,
        String allow,
        int maxAttributeBytes,
        List<String> listeners,
        EndpointSettings status,
        MetricsSettings metrics,
        ApplyMode apply,
        HazelcastSettings hazelcast) {

    /** The default {@code serialization.allow} patterns: JDK value and collection types. */
    static final String DEFAULT_ALLOW = "java.lang.*;java.util.*;java.time.*;java.math.*;java.net.URI";

    /**
     * The prefix of the status endpoint's settings ({@code session-status.enabled},
     * {@code session-status.path}): its own, so that it never collides with the affinity filter's
     * {@code status.*} in the system properties and environment a JVM shares.
     */
    static final String STATUS = "session-status";
    /** The prefix of the metrics settings ({@code session-metrics.enabled}, ...), apart from the affinity filter's {@code metrics.*}. */
    static final String METRICS = "session-metrics";

    /** Every setting name this filter accepts. */
    static final Set<String> NAMES;

    static {
        Set<String> names = new HashSet<>(Set.of("self", "members", "secret", "secret.previous", "url-session-ids",
                "max-sessions", "write-mode", "write-queue", "write-timeout", "read-timeout", "retry.backoff",
                "retry.backoff-max", "dirty-policy", "max-inactive", "expiry.interval", "serialization", "serialization.allow",
                "serialization.max-bytes", "listeners", "hazelcast.apply"));
        names.addAll(EndpointSettings.statusNames(STATUS));
        names.addAll(MetricsSettings.names(METRICS));
        names.addAll(SessionCookie.NAMES);
        names.addAll(HazelcastSettings.NAMES);
        NAMES = Set.copyOf(names);
    }

    static SessionSettings from(Settings s) {
        return from(s, false);
    }

    /** The settings; {@code applicationHazelcast}: the application supplies the Hazelcast instance. */
    static SessionSettings from(Settings s, boolean applicationHazelcast) {
        NodeSelf self = NodeSelf.from(s);
        BackupProtection protection = BackupProtection.of(FarmSecret.current(s), FarmSecret.previous(s));
        Optional<Integer> maxInactive = s.raw("max-inactive").isPresent()
                ? Optional.of((int) s.duration("max-inactive", Duration.ZERO, Duration.ofSeconds(1)).toSeconds())
                : Optional.empty();
        List<String> listeners = Arrays.stream(s.string("listeners", "").split(","))
                .map(String::trim).filter(n -> !n.isEmpty()).toList();
        return new SessionSettings(self, protection, SessionCookie.from(s),
                s.bool("url-session-ids", false),
                s.integer("max-sessions", 100_000, 1, 100_000_000),
                s.choice("write-mode", WriteMode.class, WriteMode.SYNC),
                s.integer("write-queue", 10_000, 1, 10_000_000),
                s.duration("write-timeout", Duration.ofSeconds(2), Duration.ofMillis(10)),
                s.duration("read-timeout", Duration.ofSeconds(2), Duration.ofMillis(10)),
                s.duration("retry.backoff", Duration.ofMillis(200), Duration.ofMillis(10)),
                s.duration("retry.backoff-max", Duration.ofSeconds(10), Duration.ofMillis(10)),
                s.choice("dirty-policy", DirtyPolicy.class, DirtyPolicy.READ_CHANGED),
                maxInactive,
                s.duration("expiry.interval", Duration.ofSeconds(10), Duration.ofMillis(50)),
                s.choice("serialization", Codec.class, Codec.JAVA),
                s.string("serialization.allow", DEFAULT_ALLOW),
                s.integer("serialization.max-bytes", 1 << 20, 1024, 64 << 20),
                listeners,
                EndpointSettings.status(s, STATUS, "/affinity/session-status"),
                MetricsSettings.from(s, METRICS, "/affinity/session-metrics"),
                s.choice("hazelcast.apply", ApplyMode.class, ApplyMode.ENTRY_PROCESSOR),
                HazelcastSettings.from(s, applicationHazelcast));
    }
}
