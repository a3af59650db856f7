package dev.affinity.session;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import dev.affinity.routing.MemberListParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * How to reach Hazelcast and how the session map is kept there: {@code hazelcast.mode}
 * ({@code embedded} or {@code client}), {@code hazelcast.config} (a standard Hazelcast YAML or XML
 * file, member or client configuration; without one Hazelcast's own defaults and look-up rules
 * apply), the map's name ({@code map}) and {@code hazelcast.quorum}: how many members the
 * session map needs to read or write (split-brain protection), by default a majority of a static
 * {@code members} list in embedded mode, else 1 (no protection).
 *
 * @param quorum   the minimum cluster size for the session map; 1 means no protection
 * @param farmSize the number of members listed in a static {@code members} list, when there is one
 */
public record HazelcastSettings(HazelcastMode mode, Optional<Path> configFile, String map, int quorum, OptionalInt farmSize) {
    /** The names of these settings. */
    public static final Set<String> NAMES = Set.of("hazelcast.mode", "hazelcast.config", "map", "hazelcast.quorum");
    /** The default name of the session map. */
    public static final String DEFAULT_MAP = "affinity-sessions";

    /** Embedded (or client) settings of the default map, without split-brain protection. */
    public HazelcastSettings(HazelcastMode mode, Optional<Path> configFile) {
        this(mode, configFile, DEFAULT_MAP, 1, OptionalInt.empty());
    }

    /** Reads and checks the settings. */
    public static HazelcastSettings from(Settings settings) {
        HazelcastMode mode = settings.choice("hazelcast.mode", HazelcastMode.class, HazelcastMode.EMBEDDED);
        Optional<Path> file = settings.raw("hazelcast.config").map(Path::of);
        if (file.isPresent()) {
            String name = file.get().getFileName().toString();
            if (!(name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".xml"))) {
                throw ConfigException.invalid("hazelcast.config", file.get().toString(), "the path of a Hazelcast .yaml, .yml or .xml file");
            }
            if (!Files.isReadable(file.get())) {
                throw ConfigException.invalid("hazelcast.config", file.get().toString(), "the path of a readable Hazelcast configuration file");
            }
        }
        String map = settings.string("map", DEFAULT_MAP);
        if (!map.matches("[A-Za-z0-9_.-]{1,128}")) {
            throw ConfigException.invalid("map", map, "a map name of letters, digits, '_', '.' or '-'");
        }
        OptionalInt farmSize = settings.raw("members").filter(m -> m.contains("://"))
                .map(m -> OptionalInt.of(new MemberListParser("members").parseList(m).size())).orElse(OptionalInt.empty());
        return new HazelcastSettings(mode, file, map, quorum(settings, mode, farmSize), farmSize);
    }

    private static int quorum(Settings settings, HazelcastMode mode, OptionalInt farmSize) {
        if (settings.raw("hazelcast.quorum").isEmpty()) {
            return mode == HazelcastMode.EMBEDDED && farmSize.isPresent() ? farmSize.getAsInt() / 2 + 1 : 1;
        }
        int quorum = settings.integer("hazelcast.quorum", 1, 1, farmSize.orElse(1_000));
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
