package dev.affinity.access;

import dev.affinity.config.Settings;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;

/**
 * An endpoint a component answers itself, named after its prefix: {@code <prefix>.enabled},
 * {@code <prefix>.path} (one rule for every such path, see {@link Settings#path}), and who may read
 * it ({@link StatusAccess}). Each component has its own prefix, so their settings never collide in
 * the layers a webapp or JVM shares: {@code status} (the affinity filter), {@code session-status}
 * (the session filter), {@code balancer-status} (the balancer), {@code ring} (the affinity filter's
 * ring, with its own allow-list).
 *
 * @param prefix the settings' prefix
 * @param enabled whether the endpoint answers
 * @param path its path under the context path
 * @param access who may read it
 */
public record EndpointSettings(String prefix, boolean enabled, String path, StatusAccess access) {

    /** The setting names of the endpoint {@code prefix} whose allow-list is {@code allowSetting}. */
    public static Set<String> names(String prefix, String allowSetting) {
        return Set.of(prefix + ".enabled", prefix + ".path", allowSetting);
    }

    /** The setting names of a status endpoint: its own, and the node's {@code status.allow}. */
    public static Set<String> statusNames(String prefix) {
        return names(prefix, StatusAccess.SETTING);
    }

    /** A status endpoint, off unless enabled, readable from {@code status.allow}. */
    public static EndpointSettings status(Settings settings, String prefix, String defaultPath) {
        return from(settings, prefix, false, defaultPath, StatusAccess.SETTING);
    }

    /** Reads the endpoint {@code prefix}; {@code allowSetting} lists who may read it. */
    public static EndpointSettings from(Settings settings, String prefix, boolean enabledByDefault, String defaultPath,
                                        String allowSetting) {
        return new EndpointSettings(prefix, settings.bool(prefix + ".enabled", enabledByDefault),
                settings.path(prefix + ".path", defaultPath), StatusAccess.from(settings, allowSetting));
    }

    /** Whether {@code request} is for this endpoint, and it is enabled. */
    public boolean matches(HttpServletRequest request) {
        if (!enabled) {
            return false;
        }
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return uri.length() == context.length() + path.length() && uri.startsWith(context) && uri.endsWith(path);
    }
}
