package dev.affinity.session.jetty;

import dev.affinity.access.EndpointSettings;
import dev.affinity.config.ConfigException;
import dev.affinity.metrics.MetricsSettings;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The session filter's settings for what Jetty does itself with its own sessions (the cookie,
 * URL ids, the session count, the timeout, listeners, the status and metrics endpoints): given to
 * the Jetty store, they would be silently ignored, so the store refuses them at start-up.
 */
final class FilterOnlySettings {
    static final Set<String> NAMES;

    static {
        Set<String> names = new HashSet<>(Set.of("session.cookie", "cookie.domain", "cookie.path", "cookie.secure",
                "cookie.http-only", "cookie.same-site", "cookie.max-age", "url-session-ids", "max-sessions", "max-inactive",
                "listeners"));
        names.addAll(EndpointSettings.statusNames("session-status"));
        names.addAll(MetricsSettings.names("session-metrics"));
        NAMES = Set.copyOf(names);
    }

    private FilterOnlySettings() {
    }

    /** Fails naming the first of {@code given}'s settings that only the filter reads. */
    static void refuse(Map<String, String> given) {
        given.keySet().stream().filter(NAMES::contains).sorted().findFirst().ifPresent(name -> {
            throw new ConfigException("affinity setting '" + name + "' is the session filter's and has no effect on Jetty's own "
                    + "sessions: configure that in Jetty (web.xml <session-config> or <listener>, the SessionHandler)");
        });
    }
}
