package dev.affinity.session.tomcat;

import dev.affinity.config.ConfigException;
import dev.affinity.config.SettingSources;
import dev.affinity.config.Settings;
import dev.affinity.routing.RoutingSettings;
import dev.affinity.session.BackupCore;
import jakarta.servlet.ServletContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The settings of {@link AffinityManager}: the attributes of its {@code <Manager>} element, layered
 * with the webapp's context parameters, the {@code config} file, system properties and the
 * environment as for the session filter. The settings Tomcat owns (the session cookie, URL session
 * ids, listeners, the idle timeout, expiry checks, the session cap) and the filter's own status and
 * metrics endpoints are not among them: a {@code <Manager>} attribute of that name fails the start,
 * naming what takes its place.
 */
final class ManagerSettings {
    private static final String COOKIE = "Tomcat's session cookie: <session-config><cookie-config> in web.xml and the context's <CookieProcessor>";
    /** The session filter's settings the Manager leaves out, each with what takes its place under Tomcat. */
    private static final Map<String, String> TOMCAT_OWNS = Map.of(RoutingSettings.SESSION_COOKIE, COOKIE,
            "url-session-ids", "<session-config><tracking-mode> in web.xml",
            "listeners", "<listener> in web.xml or @WebListener",
            "max-inactive", "<session-config><session-timeout> in web.xml",
            "expiry.interval", "the context's backgroundProcessorDelay and the Manager's processExpiresFrequency",
            "max-sessions", "the Manager's maxActiveSessions",
            "status.allow", "the SessionBackupFilter's status endpoint, not served by the Manager");
    private static final Map<String, String> TOMCAT_OWNS_PREFIXES = Map.of("cookie.", COOKIE,
            "session-status.", "the SessionBackupFilter's status endpoint, not served by the Manager",
            "session-metrics.", "the SessionBackupFilter's metrics endpoint, not served by the Manager");

    /** The setting names the Manager reads. */
    static final Set<String> NAMES = BackupCore.settingNames().stream().filter(name -> insteadOf(name) == null)
            .collect(Collectors.toUnmodifiableSet());

    private final Map<String, String> attributes = new LinkedHashMap<>();

    /** What Tomcat has in place of the session filter's setting {@code name}, or {@code null} when the Manager reads it. */
    private static String insteadOf(String name) {
        String owner = TOMCAT_OWNS.get(name);
        if (owner != null) {
            return owner;
        }
        return TOMCAT_OWNS_PREFIXES.entrySet().stream().filter(e -> name.startsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** An attribute of the {@code <Manager>} element (checked when the Manager starts). */
    synchronized void put(String name, String value) {
        attributes.put(name, value);
    }

    /**
     * The settings for the webapp of {@code context}; {@code self} defaults to the Engine's
     * {@code jvmRoute} (when set) unless {@code self} or {@code members} is set in some layer.
     *
     * @throws dev.affinity.config.ConfigException naming a bad setting
     */
    synchronized Settings load(ServletContext context, String jvmRoute) {
        for (String name : attributes.keySet()) {
            String instead = insteadOf(name);
            if (instead != null) {
                throw new ConfigException("'" + name + "' is not a setting of the Tomcat session manager: use " + instead);
            }
        }
        SettingSources sources = SettingSources.of(context);
        Settings settings = Settings.load(attributes, NAMES, sources);
        if (jvmRoute == null || jvmRoute.isBlank() || settings.raw("self").isPresent() || settings.raw("members").isPresent()) {
            return settings;
        }
        Map<String, String> withRoute = new LinkedHashMap<>(attributes);
        withRoute.put("self", jvmRoute);
        return Settings.load(withRoute, NAMES, sources);
    }
}
