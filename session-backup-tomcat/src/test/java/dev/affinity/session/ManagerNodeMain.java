package dev.affinity.session;

import dev.affinity.testing.ChildJvm;
import java.util.Map;

/**
 * A Tomcat node with the {@code AffinityManager} in its own JVM ({@link ManagerNode}, an embedded
 * Hazelcast member from the YAML file given). Prints {@code READY <port>} when it serves, and
 * exits when its standard input closes (the test ended) or it is killed.
 *
 * <p>Arguments: route, Hazelcast config file, write mode, farm secret.
 */
public final class ManagerNodeMain {
    private ManagerNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        ManagerNode node = ManagerNode.start(Map.of("self", args[0], "hazelcast.config", args[1], "write-mode", args[2],
                "secret", args[3], "write-timeout", "10s", "read-timeout", "10s"));
        ChildJvm.tell("READY " + node.baseUrl().getPort());
        ChildJvm.awaitParentGone(System.in);
        node.close();
        System.exit(0);
    }
}
