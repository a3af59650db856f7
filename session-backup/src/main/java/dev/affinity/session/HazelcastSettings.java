package dev.affinity.session;

import dev.affinity.config.ConfigException;
import dev.affinity.config.ConfigResource;
import dev.affinity.config.ConfigResources;
import dev.affinity.config.Settings;
import dev.affinity.routing.MemberListParser;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * How to reach Hazelcast and how the session map is kept there: {@code hazelcast.mode}
 * ({@code embedded} or {@code client}) and {@code hazelcast.config}, a standard Hazelcast YAML or
 * XML file (member or client configuration): a path, {@code classpath:NAME} or {@code /WEB-INF/NAME}. An embedded member without a file is configured by
 * {@link FilelessMember} (from {@code members}, {@code self}, {@code secret} and
 * {@code hazelcast.port}); a client without a file follows Hazelcast's own defaults and look-up
 * rules. The map's name is {@code map}; {@code hazelcast.expected-members} is how many members the
 * cluster should have (by default, in embedded mode, the nodes of a static {@code members} list);
 * {@code hazelcast.quorum} is how many members the session map needs to be read or written
 * (split-brain protection), by default a majority of the expected members in embedded mode, else 1
 * (no protection).
 *
 * @param fileless        the embedded member's own configuration, when there is no file
 * @param quorum          the minimum cluster size for the session map; 1 means no protection
 * @param expectedMembers the members the cluster should have, when known from the settings
 */
public record HazelcastSettings(HazelcastMode mode, Optional<ConfigResource> configFile, Optional<FilelessMember> fileless,
                                String map, int quorum, OptionalInt expectedMembers) {
    /** The names of these settings, and of those a member without a file is configured from. */
    public static final Set<String> NAMES = Set.of("hazelcast.mode", "hazelcast.config", FilelessMember.PORT,
            "members", "self", "secret", "map", "hazelcast.quorum", "hazelcast.expected-members");
    /** The default name of the session map. */
    public static final String DEFAULT_MAP = "affinity-sessions";

    /** Settings naming a Hazelcast file, for the default map without split-brain protection. */
    public HazelcastSettings(HazelcastMode mode, Path configFile) {
        this(mode, Optional.of(ConfigResources.ofThread().locate("hazelcast.config", configFile.toString())), Optional.empty(),
                DEFAULT_MAP, 1, OptionalInt.empty());
    }

    /** Reads and checks the settings. */
    public static HazelcastSettings from(Settings settings) {
        return from(settings, false);
    }

    /**
     * Reads and checks the settings; {@code applicationInstance}: the application supplies the
     * instance, so no member of the toolkit's own is configured (no {@code members} list is needed).
     */
    public static HazelcastSettings from(Settings settings, boolean applicationInstance) {
        HazelcastMode mode = settings.choice("hazelcast.mode", HazelcastMode.class, HazelcastMode.EMBEDDED);
        Optional<ConfigResource> file = settings.resource("hazelcast.config");
        file.ifPresent(HazelcastSettings::checkFile);
        if (file.isPresent() && settings.raw(FilelessMember.PORT).isPresent()) {
            throw ConfigException.invalid(FilelessMember.PORT, settings.raw(FilelessMember.PORT).get(),
                    "a port only when hazelcast.config is not set (the Hazelcast file sets its own port)");
        }
        String map = settings.string("map", DEFAULT_MAP);
        if (!map.matches("[A-Za-z0-9_.-]{1,128}")) {
            throw ConfigException.invalid("map", map, "a map name of letters, digits, '_', '.' or '-'");
        }
        OptionalInt expected = expectedMembers(settings, mode);
        boolean ownConfig = !applicationInstance && mode == HazelcastMode.EMBEDDED && file.isEmpty();
        return new HazelcastSettings(mode, file, ownConfig ? Optional.of(FilelessMember.from(settings)) : Optional.empty(),
                map, quorum(settings, mode, expected), expected);
    }

    /**
     * A client of the cluster described by the Hazelcast client file {@code hazelcast.config}
     * (required), which follows the farm without a session map of its own (the redirect balancer).
     *
     * @throws ConfigException when the file is not given, not found or not YAML or XML
     */
    public static HazelcastSettings client(Settings settings) {
        ConfigResource file = settings.resource("hazelcast.config").orElseThrow(() -> new ConfigException(
                "affinity setting 'hazelcast.config' is required with members=hazelcast: accepted: a Hazelcast client .yaml, "
                        + ".yml or .xml file naming the farm's cluster and its members' addresses"));
        checkFile(file);
        return new HazelcastSettings(HazelcastMode.CLIENT, Optional.of(file), Optional.empty(), DEFAULT_MAP, 1, OptionalInt.empty());
    }

    private static void checkFile(ConfigResource file) {
        String name = file.location();
        if (!(name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".xml"))) {
            throw ConfigException.invalid("hazelcast.config", name,
                    "a Hazelcast .yaml, .yml or .xml file: a path, classpath:NAME or /WEB-INF/NAME");
        }
        file.read("the Hazelcast configuration");
    }

    /** {@code hazelcast.expected-members}, else in embedded mode the nodes of a static member list (each runs a member). */
    private static OptionalInt expectedMembers(Settings settings, HazelcastMode mode) {
        if (settings.raw("hazelcast.expected-members").isPresent()) {
            return OptionalInt.of(settings.integer("hazelcast.expected-members", 1, 1, 1000));
        }
        return settings.raw("members").filter(m -> mode == HazelcastMode.EMBEDDED && m.contains("://"))
                .map(m -> OptionalInt.of(new MemberListParser("members").parseList(m).size())).orElse(OptionalInt.empty());
    }

    private static int quorum(Settings settings, HazelcastMode mode, OptionalInt expected) {
        if (settings.raw("hazelcast.quorum").isEmpty()) {
            return mode == HazelcastMode.EMBEDDED && expected.isPresent() ? expected.getAsInt() / 2 + 1 : 1;
        }
        int quorum = settings.integer("hazelcast.quorum", 1, 1, expected.orElse(1_000));
        if (quorum > 1 && mode == HazelcastMode.CLIENT) {
            throw ConfigException.invalid("hazelcast.quorum", String.valueOf(quorum),
                    "1 in client mode: a client cannot protect the cluster's map; configure split-brain protection "
                            + "in the members' own Hazelcast configuration (see the README)");
        }
        return quorum;
    }

    /** Whether the session map is guarded by split-brain protection. */
    public boolean protectsAgainstSplitBrain() {
        return quorum > 1;
    }
}
