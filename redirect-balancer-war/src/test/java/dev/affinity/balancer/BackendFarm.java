package dev.affinity.balancer;

import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.ServletContainer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Back-end nodes started one by one, and the balancer WAR on a container (Jetty unless named) in front of them; closes them all. */
final class BackendFarm implements AutoCloseable {
    private final List<BackendNode> nodes = new ArrayList<>();
    private ServletContainer container;

    /** Starts a back-end node named {@code name}. */
    BackendNode start(String name) throws Exception {
        BackendNode node = new BackendNode(name);
        nodes.add(node);
        return node;
    }

    /**
     * Starts a back-end node for each of {@code names} and writes {@code work/balancer.json}, the
     * text {@code json} makes of the nodes started (all of them, in order); the file.
     */
    Path startWithBalancerFile(Path work, Function<List<BackendNode>, String> json, String... names) throws Exception {
        for (String name : names) {
            start(name);
        }
        return Files.writeString(work.resolve("balancer.json"), json.apply(nodes));
    }

    /** The nodes started, in order. */
    List<BackendNode> nodes() {
        return nodes;
    }

    /** The node started as {@code name}. */
    BackendNode node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name + " started"));
    }

    /** Deploys the balancer WAR on Jetty with the JSON file {@code config}, working in {@code work}; its base URL. */
    URI balancer(Path config, Path work) throws Exception {
        return balancer(config, work, new JettyContainer());
    }

    /** Deploys the balancer WAR on {@code container} (closed with the farm) with the JSON file {@code config}; its base URL. */
    URI balancer(Path config, Path work, ServletContainer container) throws Exception {
        this.container = container;
        return BalancerWar.deploy(container, config, Files.createDirectories(work.resolve("container")));
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
