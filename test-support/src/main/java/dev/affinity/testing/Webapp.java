package dev.affinity.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A WAR to deploy at the root context.
 *
 * @param war the WAR file
 * @param descriptor a {@code web.xml} used instead of the WAR's own, if given
 * @param contextParameters context parameters added to the webapp
 * @param workDir the container's scratch directory
 */
public record Webapp(Path war, Optional<Path> descriptor, Map<String, String> contextParameters, Path workDir) {

    /** A WAR built by the reactor, named by system property {@code property} (set by failsafe). */
    public static Path builtWar(String property) {
        String path = System.getProperty(property);
        if (path == null || !Files.isReadable(Path.of(path))) {
            throw new IllegalStateException("system property " + property + " must name a built WAR (run through mvn verify): " + path);
        }
        return Path.of(path);
    }

    /** The WAR as built, with context parameters. */
    public static Webapp of(Path war, Map<String, String> contextParameters, Path workDir) {
        return new Webapp(war, Optional.empty(), contextParameters, workDir);
    }
}
