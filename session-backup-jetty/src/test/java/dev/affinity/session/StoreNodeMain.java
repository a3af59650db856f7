package dev.affinity.session;

import dev.affinity.testing.ChildJvm;
import java.util.Map;

/**
 * A {@link StoreNode} in its own JVM, started by {@link NodeProcess} as it starts {@link NodeMain}:
 * Jetty with the toolkit's session store on a free port and an embedded Hazelcast member from the
 * YAML file given. Prints {@code READY <port>} when it serves, and exits when its standard input
 * closes (the test ended) or it is killed.
 *
 * <p>Arguments: route, Hazelcast config file, write mode, farm secret.
 */
public final class StoreNodeMain {
    private StoreNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        StoreNode node = new StoreNode(Map.of("self", args[0], "hazelcast.config", args[1], "write-mode", args[2], "secret", args[3],
                "write-timeout", "10s", "read-timeout", "10s"));
        ChildJvm.tell("READY " + node.baseUrl().getPort());
        ChildJvm.awaitParentGone(System.in);
        node.close();
        System.exit(0);
    }
}
