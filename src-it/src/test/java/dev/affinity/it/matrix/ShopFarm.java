package dev.affinity.it.matrix;

import static org.awaitility.Awaitility.await;

import dev.affinity.demo.FarmReadiness;
import dev.affinity.routing.KeyHash;
import dev.affinity.routing.MemberListParser;
import dev.affinity.routing.Placement;
import dev.affinity.routing.Strategy;
import dev.affinity.testing.Browser;
import dev.affinity.testing.FileTrees;
import dev.affinity.testing.FreePorts;
import dev.affinity.testing.LoopbackHazelcast;
import dev.affinity.testing.ServletContainer;
import dev.affinity.testing.SessionStatus;
import dev.affinity.testing.TestBudgets;
import dev.affinity.testing.TestNodeSettings;
import dev.affinity.testing.Webapp;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A farm in this JVM: the sample shop WAR (affinity and session-backup filters) on nodes {@code a},
 * {@code b}, … each with its own embedded Hazelcast member of one loopback cluster, and the redirect
 * balancer WAR on a node of its own, all on one kind of container. Each node gets its settings as
 * filter init-params of its own {@code web.xml}; nothing is set JVM-wide. Its files (the
 * {@code web.xml}s, the containers' work directories) are in a temporary directory deleted on close.
 */
public final class ShopFarm implements AutoCloseable {
    /** The key chain of the sample WAR, which the balancer must share. */
    public static final String KEY_CHAIN = "param:id,session";

    private final List<FarmNode> nodes = new ArrayList<>();
    private final List<ServletContainer> running = new ArrayList<>();
    private final Path work;
    private final LoopbackHazelcast cluster;
    private FarmNode balancer;

    private ShopFarm(int size) throws IOException {
        work = Files.createTempDirectory("affinity-farm");
        cluster = new LoopbackHazelcast(size);
    }

    /**
     * Starts {@code size} shop nodes and the balancer on containers from {@code containers}; returns
     * once the farm is ready as the demo's {@code Ready} says, every partition's backup in place.
     */
    public static ShopFarm start(Supplier<ServletContainer> containers, int size) throws Exception {
        ShopFarm farm = new ShopFarm(size);
        try {
            farm.startAll(containers, size);
            return farm;
        } catch (Exception | Error e) {
            farm.close();
            throw e;
        }
    }

    private void startAll(Supplier<ServletContainer> containers, int size) throws Exception {
        List<String> names = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            names.add(String.valueOf((char) ('a' + i)));
            ports.add(FreePorts.next());
        }
        String members = membersOf(names, ports);
        String secret = "it-secret-" + UUID.randomUUID();
        Path war = Webapp.builtWar("sample.war");
        List<Callable<FarmNode>> starts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String name = names.get(i);
            Path nodeDir = work.resolve(name);
            int port = ports.get(i);
            Map<String, Map<String, String>> parameters = Map.of(
                    "affinity", Map.of("members", members, "self", name, "secret", secret, "health.interval", "500ms"),
                    "session-backup", Map.of("members", members, "self", name, "secret", secret,
                            "hazelcast.config", cluster.memberXml(i).toString(),
                            "write-timeout", TestBudgets.SESSION_BACKUP_WRITE_AND_READ,
                            "read-timeout", TestBudgets.SESSION_BACKUP_WRITE_AND_READ));
            Path descriptor = Descriptors.withFilterParameters(war, parameters, nodeDir.resolve("web.xml"));
            Webapp webapp = new Webapp(war, Optional.of(descriptor), Map.of(), Files.createDirectories(nodeDir.resolve("container")));
            ServletContainer container = containers.get();
            running.add(container);
            starts.add(() -> start(container, name, port, webapp));
        }
        // the nodes start together, so their Hazelcast members find each other at once
        ExecutorService pool = Executors.newFixedThreadPool(size);
        try {
            for (Future<FarmNode> started : pool.invokeAll(starts, 3, TimeUnit.MINUTES)) {
                nodes.add(started.get());
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            pool.shutdownNow();
        }
        Path balancerDir = Files.createDirectories(work.resolve("balancer"));
        Path balancerConfig = writeBalancerConfig(balancerDir.resolve("balancer.json"));
        ServletContainer balancerContainer = containers.get();
        running.add(balancerContainer);
        balancer = start(balancerContainer, "balancer", 0, Webapp.of(Webapp.builtWar("balancer.war"),
                Map.of("affinity.balancer.config", balancerConfig.toString()), Files.createDirectories(balancerDir.resolve("container"))));
        new FarmReadiness(nodes.stream().map(node -> node.baseUrl().toString()).toList(),
                Optional.of(balancer.uri("/balancer/status").toString())).andBackups().await(Duration.ofSeconds(60));
    }

    private static FarmNode start(ServletContainer container, String name, int port, Webapp webapp) throws Exception {
        container.bind(port);
        container.deploy(webapp);
        return new FarmNode(name, container.baseUrl(), container);
    }

    private static String membersOf(List<String> names, List<Integer> ports) {
        Map<String, Integer> byName = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byName.put(names.get(i), ports.get(i));
        }
        return TestNodeSettings.members(byName);
    }

    /** The shop nodes, in name order. */
    public List<FarmNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The shop node named {@code name}. */
    public FarmNode node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name));
    }

    /** The redirect balancer's node. */
    public FarmNode balancer() {
        return balancer;
    }

    /** Waits until each of {@code members} sees a Hazelcast cluster of exactly those nodes, every partition with its backup replica. */
    public void awaitHazelcastCluster(List<FarmNode> members, Browser probe) {
        for (FarmNode node : members) {
            await("the Hazelcast cluster as seen by " + node.name()).atMost(Duration.ofSeconds(60))
                    .until(() -> probe.get(node.uri("/affinity/session-status")).json(), status -> SessionStatus.safeWith(status, members.size()));
        }
    }

    /** Writes a redirect balancer configuration over the shop nodes, with their key chain. */
    public Path writeBalancerConfig(Path file) throws IOException {
        return Files.writeString(file, """
                {"members": "%s", "key": "%s", "health": {"interval": "500ms"}, "balancer-status": {"enabled": true}}
                """.formatted(members(), KEY_CHAIN));
    }

    /** The node owning {@code key} by the farm's placement (rendezvous over all shop nodes). */
    public String ownerOf(String key) {
        Placement placement = Strategy.RENDEZVOUS.place(new MemberListParser("members").parseList(members()));
        return placement.owner(KeyHash.of(key)).name();
    }

    /** The first {@code count} keys {@code key-0}, {@code key-1}, … that {@code node} owns. */
    public List<String> keysOwnedBy(String node, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 10_000 && keys.size() < count; i++) {
            if (ownerOf("key-" + i).equals(node)) {
                keys.add("key-" + i);
            }
        }
        if (keys.size() < count) {
            throw new IllegalStateException("fewer than " + count + " of the first 10000 keys are owned by " + node);
        }
        return keys;
    }

    /** The shop nodes' {@code members} list. */
    public String members() {
        return nodes.stream().map(FarmNode::memberEntry).collect(Collectors.joining(","));
    }

    /** Stops one node's container (its webapp shuts down gracefully). */
    public void stop(FarmNode node) throws Exception {
        node.container().close();
        running.remove(node.container());
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                failure = failure == null ? e : failure;
            }
        }
        running.clear();
        cluster.close();
        FileTrees.delete(work);
        if (failure != null) {
            throw failure;
        }
    }
}
