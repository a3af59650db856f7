package dev.affinity.session;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach Hazelcast: {@code hazelcast.mode} ({@code embedded} or {@code client}) and
 * {@code hazelcast.config}, a standard Hazelcast YAML or XML file (member or client
 * configuration). Without a file Hazelcast's own defaults and look-up rules apply.
 */
public record HazelcastSettings(HazelcastMode mode, Optional<Path> configFile) {
    /** The names of these settings. */
    public static final Set<String> NAMES = Set.of("hazelcast.mode", "hazelcast.config");

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
        return new HazelcastSettings(mode, file);
    }
}
