package dev.affinity.balancer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.affinity.access.EndpointSettings;
import dev.affinity.config.ConfigException;
import dev.affinity.config.ConfigResource;
import dev.affinity.config.ConfigResources;
import dev.affinity.config.SettingSources;
import dev.affinity.config.Settings;
import dev.affinity.metrics.MetricsSettings;
import dev.affinity.routing.Member;
import dev.affinity.routing.MemberListParser;
import dev.affinity.routing.MembershipProvider;
import dev.affinity.routing.NoKeyPolicy;
import dev.affinity.routing.RoutingSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Reads the balancer's JSON file, named by the context parameter or system property
 * {@code affinity.balancer.config} or the environment variable {@code AFFINITY_BALANCER_CONFIG}
 * (later ones win): a file path, {@code classpath:NAME} or {@code /WEB-INF/NAME}. Flat settings go
 * through {@link Settings}, so context parameters {@code affinity.<name>} lie below them and system
 * properties {@code affinity.<name>} and environment variables {@code AFFINITY_<NAME>} override
 * them as for every component; the routing settings are read as the affinity filter reads them
 * ({@link RoutingSettings}); {@code pools} and {@code rules} are read from the file's structure.
 */
final class BalancerConfigLoader {
    /** The context parameter and system property naming the file. */
    static final String CONFIG_PROPERTY = "affinity.balancer.config";
    /** The environment variable naming the file. */
    static final String CONFIG_ENV = "AFFINITY_BALANCER_CONFIG";

    /** The prefix of the status page's settings. */
    static final String STATUS = "balancer-status";
    /** The prefix of the metrics settings. */
    static final String METRICS = "balancer-metrics";
    /** Every flat setting of the JSON file (a pool is also {@code pools.NAME}). */
    static final Set<String> SETTINGS;
    private static final String DEFAULT_HEALTH_PATH = "/affinity/health";
    /** The Hazelcast client file of {@code members=hazelcast}. */
    private static final String HAZELCAST_CONFIG = "hazelcast.config";

    static {
        Set<String> names = new HashSet<>(RoutingSettings.PLACEMENT_NAMES);
        names.addAll(Set.of("redirect.status", "sticky.cookie", "retry-after", "pools", "rules", HAZELCAST_CONFIG));
        names.addAll(EndpointSettings.statusNames(STATUS));
        names.addAll(MetricsSettings.names(METRICS));
        names.addAll(DashboardSettings.names());
        SETTINGS = Set.copyOf(names);
    }

    private final SettingSources sources;

    BalancerConfigLoader(SettingSources sources) {
        this.sources = sources;
    }

    /** A loader with these system property and environment look-ups, outside any webapp (tests). */
    BalancerConfigLoader(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        this(new SettingSources(name -> null, properties, environment, ConfigResources.ofThread()));
    }

    /**
     * Finds, reads and validates the file.
     *
     * @param contextParameter the context parameter's value, or {@code null}
     * @throws ConfigException naming the bad field
     */
    BalancerConfig load(String contextParameter) {
        ConfigResource file = locate(contextParameter);
        JsonNode root = Settings.readJsonObject(file);
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
        Map<String, String> parameters = Map.of(Settings.CONFIG_FILE, file.location());
        Settings settings = Settings.load(parameters, known, new SettingSources(
                notConfig(sources.contextParameters(), SettingSources.PREFIX + Settings.CONFIG_FILE),
                notConfig(sources.properties(), SettingSources.PREFIX + Settings.CONFIG_FILE),
                notConfig(sources.environment(), Settings.environmentName(Settings.CONFIG_FILE)), sources.resources()));
        return build(settings, poolNames, rules);
    }

    private static BalancerConfig build(Settings settings, Set<String> poolNames, List<PoolRule> rules) {
        RoutingSettings routing = RoutingSettings.from(settings, DEFAULT_HEALTH_PATH, NoKeyPolicy.FOR_ROUTERS);
        Optional<String> provider = Optional.of(routing.members()).filter(MembershipProvider::isName);
        if (provider.isPresent()) {
            MembershipProvider.named(provider.get());
            poolNames.remove(BalancerConfig.DEFAULT_POOL);
        } else if (settings.raw(HAZELCAST_CONFIG).isPresent()) {
            throw ConfigException.invalid(HAZELCAST_CONFIG, settings.raw(HAZELCAST_CONFIG).get(),
                    "no value unless members=hazelcast (the balancer's Hazelcast client file)");
        }
        RedirectStatus status = RedirectStatus.parse("redirect.status", settings.string("redirect.status", "by-method"));
        String sticky = settings.cookieName("sticky.cookie", null);
        Duration retryAfter = settings.duration("retry-after", Duration.ofSeconds(5), Duration.ofSeconds(1));
        return new BalancerConfig(routing, provider, settings, pools(settings, poolNames), rules, status, sticky, retryAfter,
                EndpointSettings.status(settings, STATUS, "/balancer/status"),
                MetricsSettings.from(settings, METRICS, "/balancer/metrics"), DashboardSettings.from(settings));
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

    /** The file named by {@code contextParameter}, the system property or the environment variable. */
    ConfigResource locate(String contextParameter) {
        String location = contextParameter;
        String property = sources.properties().apply(CONFIG_PROPERTY);
        if (property != null && !property.isBlank()) {
            location = property;
        }
        String env = sources.environment().apply(CONFIG_ENV);
        if (env != null && !env.isBlank()) {
            location = env;
        }
        if (location == null || location.isBlank()) {
            throw new ConfigException("affinity setting '" + CONFIG_PROPERTY + "' is required: the path of the balancer's JSON "
                    + "file, as a context parameter, a system property or the environment variable " + CONFIG_ENV);
        }
        return sources.resources().locate(CONFIG_PROPERTY, location);
    }

    /** The look-up, except that it never answers {@code name}: only this loader names the file. */
    private static UnaryOperator<String> notConfig(UnaryOperator<String> lookup, String name) {
        return key -> key.equals(name) ? null : lookup.apply(key);
    }
}
