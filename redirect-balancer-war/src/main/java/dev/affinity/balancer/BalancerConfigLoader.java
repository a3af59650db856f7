package dev.affinity.balancer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.affinity.access.StatusAccess;
import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import dev.affinity.routing.HealthSettings;
import dev.affinity.routing.KeyChain;
import dev.affinity.routing.Member;
import dev.affinity.routing.MemberListParser;
import dev.affinity.routing.Strategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Reads the balancer's JSON file, named by the context parameter or system property
 * {@code affinity.balancer.config} or the environment variable {@code AFFINITY_BALANCER_CONFIG}
 * (later ones win). Flat settings go through {@link Settings}, so system properties
 * {@code affinity.<name>} and environment variables {@code AFFINITY_<NAME>} override them as for
 * every component; {@code pools} and {@code rules} are read from the file's structure.
 */
final class BalancerConfigLoader {
    /** The context parameter and system property naming the file. */
    static final String CONFIG_PROPERTY = "affinity.balancer.config";
    /** The environment variable naming the file. */
    static final String CONFIG_ENV = "AFFINITY_BALANCER_CONFIG";

    /** Every flat setting of the JSON file (a pool is also {@code pools.NAME}). */
    static final Set<String> SETTINGS = Set.of("members", "key", "key.max-length", "strategy", "session.cookie",
            "health.path", "health.interval", "health.timeout", "health.rise", "health.fall",
            "redirect.status", "no-key", "sticky.cookie", "retry-after", "status.enabled", "status.path", StatusAccess.SETTING,
            "pools", "rules");
    private static final String DEFAULT_HEALTH_PATH = "/affinity/health";

    private final UnaryOperator<String> properties;
    private final UnaryOperator<String> environment;

    BalancerConfigLoader(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** The loader of a running JVM. */
    static BalancerConfigLoader system() {
        return new BalancerConfigLoader(System::getProperty, System::getenv);
    }

    /**
     * Finds, reads and validates the file.
     *
     * @param contextParameter the context parameter's value, or {@code null}
     * @throws ConfigException naming the bad field
     */
    BalancerConfig load(String contextParameter) {
        Path file = locate(contextParameter);
        JsonNode root = read(file);
        Set<String> poolNames = new TreeSet<>();
        poolNames.add(BalancerConfig.DEFAULT_POOL);
        JsonNode pools = root.get("pools");
        if (pools != null && !pools.isObject()) {
            throw new ConfigException("affinity setting 'pools' in " + file + " must be an object of pool name to member list");
        }
        Set<String> known = new TreeSet<>(SETTINGS);
        if (pools != null) {
            pools.fieldNames().forEachRemaining(name -> {
                if (!MemberListParser.NAME.matcher(name).matches() || name.equals(BalancerConfig.DEFAULT_POOL)) {
                    throw ConfigException.invalid("pools", name, "pool names of 1 to 64 letters, digits, '-' or '_', "
                            + "other than 'default' (the pool of the members setting)");
                }
                poolNames.add(name);
                known.add("pools." + name);
            });
        }
        List<PoolRule> rules = new RuleParser(poolNames).parse(root.get("rules"));
        Map<String, String> parameters = Map.of(Settings.CONFIG_FILE, file.toString());
        Settings settings = Settings.load(parameters, known, notConfig(properties, "affinity." + Settings.CONFIG_FILE),
                notConfig(environment, Settings.environmentName(Settings.CONFIG_FILE)));
        return build(settings, poolNames, rules);
    }

    private static BalancerConfig build(Settings settings, Set<String> poolNames, List<PoolRule> rules) {
        int maxLength = settings.integer("key.max-length", 256, 1, 8192);
        String sessionCookie = cookieName(settings, "session.cookie", "JSESSIONID");
        KeyChain keys = KeyChain.parse("key", settings.string("key", "session"), maxLength, sessionCookie);
        Strategy strategy = settings.choice("strategy", Strategy.class, Strategy.RENDEZVOUS);
        HealthSettings health = HealthSettings.from(settings, DEFAULT_HEALTH_PATH);
        RedirectStatus status = RedirectStatus.parse("redirect.status", settings.string("redirect.status", "by-method"));
        KeylessChoice keyless = settings.choice("no-key", KeylessChoice.class, KeylessChoice.ROUND_ROBIN);
        String sticky = settings.raw("sticky.cookie").isPresent() ? cookieName(settings, "sticky.cookie", null) : null;
        Duration retryAfter = settings.duration("retry-after", Duration.ofSeconds(5), Duration.ofSeconds(1));
        String statusPath = null;
        if (settings.bool("status.enabled", false)) {
            statusPath = settings.string("status.path", "/balancer/status");
            if (!statusPath.matches("/[A-Za-z0-9/_.-]*")) {
                throw ConfigException.invalid("status.path", statusPath, "an absolute path such as /balancer/status");
            }
        }
        return new BalancerConfig(keys, strategy, health, pools(settings, poolNames), rules, status, keyless, sticky,
                retryAfter, statusPath, StatusAccess.from(settings));
    }

    /**
     * Each pool's members. A pool lists base URLs (as {@code members} does) or the names of members
     * listed with their URL in {@code members} or another pool; a name means one member everywhere.
     */
    private static Map<String, List<Member>> pools(Settings settings, Set<String> poolNames) {
        Map<String, String> lists = new LinkedHashMap<>();
        for (String pool : poolNames) {
            String setting = setting(pool);
            lists.put(pool, settings.required(setting, "a comma-separated list or JSON array of member base URLs such as "
                    + "http://10.0.0.1:8080;name=a, or names of members listed with their URL in members or another pool"));
        }
        Map<String, Member> byName = new HashMap<>();
        for (Map.Entry<String, String> list : lists.entrySet()) {
            for (String entry : list.getValue().split(",")) {
                String trimmed = entry.trim();
                if (!trimmed.isEmpty() && !MemberListParser.NAME.matcher(trimmed).matches()) {
                    Member member = new MemberListParser(setting(list.getKey())).parse(trimmed);
                    Member same = byName.putIfAbsent(member.name(), member);
                    if (same != null && !same.equals(member)) {
                        throw new ConfigException("affinity setting '" + setting(list.getKey()) + "' names " + member.baseUrl() + " '"
                                + member.name() + "', but another list has a different member of that name (" + same
                                + "): a name is one member everywhere");
                    }
                }
            }
        }
        Map<String, List<Member>> pools = new LinkedHashMap<>();
        lists.forEach((pool, list) -> pools.put(pool, new MemberListParser(setting(pool)).parseList(list, byName::get)));
        return pools;
    }

    private static String setting(String pool) {
        return pool.equals(BalancerConfig.DEFAULT_POOL) ? "members" : "pools." + pool;
    }

    private static String cookieName(Settings settings, String name, String defaultValue) {
        String value = settings.string(name, defaultValue);
        if (!value.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw ConfigException.invalid(name, value, "a cookie name of letters, digits, '_', '.' or '-'");
        }
        return value;
    }

    private Path locate(String contextParameter) {
        String location = contextParameter;
        String property = properties.apply(CONFIG_PROPERTY);
        if (property != null && !property.isBlank()) {
            location = property;
        }
        String env = environment.apply(CONFIG_ENV);
        if (env != null && !env.isBlank()) {
            location = env;
        }
        if (location == null || location.isBlank()) {
            throw new ConfigException("affinity setting '" + CONFIG_PROPERTY + "' is required: the path of the balancer's JSON "
                    + "file, as a context parameter, a system property or the environment variable " + CONFIG_ENV);
        }
        return Path.of(location.trim());
    }

    private static JsonNode read(Path file) {
        return Settings.readJsonObject(file, CONFIG_PROPERTY);
    }

    /** The look-up, except that it never answers {@code name}: only this loader names the file. */
    private static UnaryOperator<String> notConfig(UnaryOperator<String> lookup, String name) {
        return key -> key.equals(name) ? null : lookup.apply(key);
    }
}
