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
 * configuration). An embedded member without a file is configured by {@link FilelessMember}
 * (from {@code members}, {@code self}, {@code secret} and {@code hazelcast.port}); a client
 * without a file follows Hazelcast's own defaults and look-up rules.
 *
 * @param fileless the embedded member's own configuration, when there is no file
 */
public record HazelcastSettings(HazelcastMode mode, Optional<Path> configFile, Optional<FilelessMember> fileless) {
    /** The names of these settings, and of those a member without a file is configured from. */
    public static final Set<String> NAMES = Set.of("hazelcast.mode", "hazelcast.config", FilelessMember.PORT,
            "members", "self", "secret");

    /** Settings naming a Hazelcast file. */
    public HazelcastSettings(HazelcastMode mode, Path configFile) {
        this(mode, Optional.of(configFile), Optional.empty());
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
        if (file.isPresent() && settings.raw(FilelessMember.PORT).isPresent()) {
            throw ConfigException.invalid(FilelessMember.PORT, settings.raw(FilelessMember.PORT).get(),
                    "a port only when hazelcast.config is not set (the Hazelcast file sets its own port)");
        }
        boolean ownConfig = mode == HazelcastMode.EMBEDDED && file.isEmpty();
        return new HazelcastSettings(mode, file, ownConfig ? Optional.of(FilelessMember.from(settings)) : Optional.empty());
    }
}
