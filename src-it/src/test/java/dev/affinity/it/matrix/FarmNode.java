package dev.affinity.it.matrix;

import dev.affinity.testing.ServletContainer;
import java.net.URI;

/**
 * A running node of a test farm.
 *
 * @param name the node's route name
 * @param baseUrl its base URL on loopback
 * @param container the container running it
 */
public record FarmNode(String name, URI baseUrl, ServletContainer container) {
    /** {@code path} (with query) on this node. */
    public URI uri(String path) {
        return baseUrl.resolve(path);
    }

    /** This node as an entry of a {@code members} list. */
    public String memberEntry() {
        return baseUrl + ";name=" + name;
    }
}
