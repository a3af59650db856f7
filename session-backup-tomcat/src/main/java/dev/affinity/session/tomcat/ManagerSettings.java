package dev.affinity.session.tomcat;

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
 * environment as for the session filter. The settings Tomcat owns are not among them (a
 * {@code <Manager>} attribute of that name fails the start): the session cookie
 * ({@code <session-config><cookie-config>} and the context's cookie processor), URL session ids
 * ({@code <tracking-mode>}), session listeners ({@code web.xml}, annotations), the idle timeout
 * ({@code <session-timeout>}), expiry checks (the background processor), the session cap
 * ({@code maxActiveSessions}); and the filter's own status and metrics endpoints.
 */
final class ManagerSettings {
    private static final Set<String> TOMCAT_OWNS = Set.of(RoutingSettings.SESSION_COOKIE, "url-session-ids", "listeners",
            "max-inactive", "expiry.interval", "max-sessions");
    private static final Set<String> TOMCAT_OWNS_PREFIXES = Set.of("cookie.", "session-status.", "session-metrics.");

    /** The setting names the Manager reads. */
    static final Set<String> NAMES = BackupCore.settingNames().stream()
            .filter(name -> !TOMCAT_OWNS.contains(name) && TOMCAT_OWNS_PREFIXES.stream().noneMatch(name::startsWith))
            .collect(Collectors.toUnmodifiableSet());

    private final Map<String, String> attributes = new LinkedHashMap<>();

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
