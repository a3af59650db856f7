package dev.affinity.it.matrix;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One WAR to deploy at the root context of a container listening on {@code 127.0.0.1:port}.
 *
 * @param war the WAR file
 * @param descriptor a {@code web.xml} used instead of the WAR's own, if given
 * @param contextParameters context parameters added to the webapp
 * @param port the port to listen on
 * @param workDir the container's scratch directory
 */
public record Webapp(Path war, Optional<Path> descriptor, Map<String, String> contextParameters, int port, Path workDir) {
}
