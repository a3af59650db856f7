package dev.affinity.routing;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The routing settings, read and checked in one place for every component that places keys (the
 * affinity filter, the redirect balancer): the key chain and the session cookie it reads, what a
 * request without a key gets, the strategy, the members, this node and health.
 *
 * @param keySpec the {@code key} setting as given, such as {@code param:id,session}
 * @param keyMaxLength the longest key accepted, in characters
 * @param sessionCookie the session cookie the {@code session} key reads
 * @param keys the key chain parsed from {@code keySpec}
 * @param noKey what a request without a key gets
 * @param strategy the placement strategy
 * @param members the {@code members} setting as given: base URLs, or the name of a membership provider
 * @param self the {@code self} setting, if given
 * @param health the health settings
 */
public record RoutingSettings(String keySpec, int keyMaxLength, String sessionCookie, KeyChain keys, NoKeyPolicy noKey,
                             Strategy strategy, String members, Optional<String> self, HealthSettings health) {

    /** The setting naming the session cookie, read by the {@code session} key and by the session filter. */
    public static final String SESSION_COOKIE = "session.cookie";
    /** The names of the settings that place keys among members and probe them, shared by every component. */
    public static final Set<String> PLACEMENT_NAMES;
    /** The placement settings plus those of a node that forwards: {@code self} and passive health. */
    public static final Set<String> NAMES;

    static {
        Set<String> placement = new HashSet<>(Set.of("key", "key.max-length", "no-key", "members", "strategy", SESSION_COOKIE));
        placement.addAll(HealthSettings.ACTIVE_NAMES);
        PLACEMENT_NAMES = Set.copyOf(placement);
        Set<String> names = new HashSet<>(placement);
        names.add("self");
        names.addAll(HealthSettings.NAMES);
        NAMES = Set.copyOf(names);
    }

    /**
     * Reads and checks the routing settings.
     *
     * @param settings the component's settings
     * @param defaultHealthPath the path probed when {@code health.path} is not set
     * @param noKeyAccepted the {@code no-key} values the component accepts, its default first
     * @throws ConfigException naming the first bad setting
     */
    public static RoutingSettings from(Settings settings, String defaultHealthPath, EnumSet<NoKeyPolicy> noKeyAccepted) {
        int maxLength = settings.integer("key.max-length", 256, 1, 8192);
        String cookie = sessionCookie(settings);
        String keySpec = settings.string("key", "session");
        KeyChain keys = KeyChain.parse("key", keySpec, maxLength, cookie);
        NoKeyPolicy noKey = settings.choice("no-key", noKeyAccepted, noKeyAccepted.iterator().next());
        Strategy strategy = settings.choice("strategy", Strategy.class, Strategy.RENDEZVOUS);
        HealthSettings health = HealthSettings.from(settings, defaultHealthPath);
        String members = settings.required("members", "a comma-separated list of member base URLs such as "
                + "http://10.0.0.1:8080,http://10.0.0.2:8080, or the name of a membership provider such as hazelcast");
        return new RoutingSettings(keySpec, maxLength, cookie, keys, noKey, strategy, members, settings.raw("self"), health);
    }

    /** The {@code session.cookie} setting (default {@code JSESSIONID}), checked as a cookie name. */
    public static String sessionCookie(Settings settings) {
        return settings.cookieName(SESSION_COOKIE, "JSESSIONID");
    }
}
