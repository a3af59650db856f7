package dev.affinity.balancer;

import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.ServletContainer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Back-end nodes started one by one, and the balancer WAR on Jetty in front of them; closes them all. */
final class BackendFarm implements AutoCloseable {
    private final List<BackendNode> nodes = new ArrayList<>();
    private ServletContainer container;

    /** Starts a back-end node named {@code name}. */
    BackendNode start(String name) throws Exception {
        BackendNode node = new BackendNode(name);
        nodes.add(node);
        return node;
    }

    /** The nodes started, in order. */
    List<BackendNode> nodes() {
        return nodes;
    }

    /** Deploys the balancer WAR on Jetty with the JSON file {@code config}, working in {@code work}; its base URL. */
    URI balancer(Path config, Path work) throws Exception {
        container = new JettyContainer();
        return BalancerWar.deploy(container, config, Files.createDirectories(work.resolve("jetty")));
    }

    /** The JSON array items of a member list of {@code members}. */
    static String entries(List<BackendNode> members) {
        return members.stream().map(n -> "\"" + n.memberEntry() + "\"").collect(Collectors.joining(", "));
    }

    @Override
    public void close() throws Exception {
        if (container != null) {
            container.close();
        }
        for (BackendNode node : nodes) {
            node.close();
        }
    }
}
