package dev.affinity.demo;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.IO;

/**
 * {@code java -jar affinity-demo.jar [--nodes 3] [--port 8080]}: a local farm. Starts N node
 * processes ({@code affinity-node.jar}, separate JVMs, so {@code kill -9} of one is a real crash)
 * on ports P+1…P+N and the redirect balancer on P, prints the URLs and process ids, says when the
 * farm is ready (see {@link FarmReadiness}), and stops them all on Ctrl-C. The nodes end with the
 * launcher, however it ends (they watch its process). The launcher's temporary directory holds the
 * nodes' logs, the balancer's file and the nodes' {@code java.io.tmpdir} (their copies of the WAR,
 * Jetty's work directories), so what a node killed with {@code kill -9} leaves is there too: once
 * the nodes stopped on Ctrl-C, their {@code java.io.tmpdir} is deleted and the logs are kept.
 */
public final class DemoLauncher {
    static final String USAGE = """
            usage: java -jar affinity-demo.jar [--nodes 3] [--port 8080]
              --nodes  how many node processes to start, 1 to 9 (default 3)
              --port   the balancer's port P; nodes listen on P+1..P+N, their Hazelcast members on P+701..P+700+N (default 8080)""";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private DemoLauncher() {
    }

    public static void main(String[] args) throws Exception {
        int nodes;
        int port;
        try {
            LauncherArguments arguments = LauncherArguments.parse(args, Set.of("nodes", "port"), USAGE);
            nodes = Integer.parseInt(arguments.get("nodes", "3"));
            port = arguments.port("port", 8080);
            if (nodes < 1 || nodes > 9 || port + nodes > 65535) {
                throw new IllegalArgumentException("--nodes must be from 1 to 9 and --port leave room for them\n" + USAGE);
            }
        } catch (NumberFormatException e) {
            System.err.println("--nodes must be a whole number from 1 to 9\n" + USAGE);
            System.exit(2);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new DemoLauncher().run(nodes, port);
    }

    private void run(int count, int port) throws Exception {
        Path logs = Files.createTempDirectory("affinity-demo-");
        Path nodesTemp = Files.createDirectory(logs.resolve("tmp"));
        Farm farm = new Farm(count, port);
        String secret = secret();
        List<Process> processes = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll(processes);
            IO.delete(nodesTemp);
            System.out.println("Affinity demo stopped; the nodes' logs are in " + logs);
        }, "affinity-demo-stop"));
        for (int i = 0; i < count; i++) {
            processes.add(startNode(farm, i, secret, logs, nodesTemp));
        }
        Server balancer = startBalancer(farm, logs);
        System.out.println("Affinity demo: balancer http://127.0.0.1:" + port + "/ (redirects to the node that owns the request)");
        System.out.println("  farm dashboard " + farm.dashboard());
        for (int i = 0; i < count; i++) {
            System.out.printf("  %s  %s  pid %d  log %s%n", farm.name(i), farm.url(i), processes.get(i).pid(),
                    logs.resolve(farm.name(i) + ".log"));
        }
        awaitReady(farm);
        System.out.println("Ready: the balancer and every node see every node up, every session backup in place. Open http://127.0.0.1:" + port + "/ or see the README's walk-through. Ctrl-C stops the farm.");
        balancer.join();
    }

    /**
     * A node process. Its Hazelcast member's master takes a join request after 1 s rather than
     * Hazelcast's 5 s ({@code hazelcast.wait.seconds.before.join}): the wait gathers members that
     * join together, and the demo's start together, so a start or a restart is 4 s quicker. Its
     * temporary files go to {@code temp}.
     */
    private static Process startNode(Farm farm, int index, String secret, Path logs, Path temp) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m", "-Djava.io.tmpdir=" + temp,
                "-Dhazelcast.phone.home.enabled=false",
                "-Dhazelcast.wait.seconds.before.join=1",
                "-Dsample.dashboard=" + farm.dashboard(),
                "-jar", nodeJar(), "--port", String.valueOf(farm.port(index)), "--members", farm.members(),
                "--name", farm.name(index), "--parent-pid", String.valueOf(ProcessHandle.current().pid())));
        for (String setting : farm.nodeSettings()) {
            command.add("--set");
            command.add(setting);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(farm.name(index) + ".log").toFile());
        builder.environment().put("AFFINITY_SECRET", secret);
        return builder.start();
    }

    private static Server startBalancer(Farm farm, Path logs) throws Exception {
        Path config = logs.resolve("balancer.json");
        Files.writeString(config, farm.balancerConfig());
        System.setProperty("affinity.balancer.config", config.toString());
        return EmbeddedWar.start("balancer", "127.0.0.1", farm.balancerPort());
    }

    private static void awaitReady(Farm farm) throws InterruptedException {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < farm.size(); i++) {
            nodes.add(farm.url(i));
        }
        readiness(nodes, "http://127.0.0.1:" + farm.balancerPort() + "/balancer/status").await(READY_TIMEOUT);
    }

    /**
     * What the demo's {@code Ready} waits for: the balancer and every node see every node up, and the
     * nodes' Hazelcast members have every partition's backup in place; then the first request reaches
     * its owner, and its session change is not kept waiting while partitions move.
     */
    static FarmReadiness readiness(List<String> nodes, String balancerStatus) {
        return new FarmReadiness(nodes, Optional.of(balancerStatus)).andBackups();
    }

    private static void stopAll(List<Process> processes) {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** The cluster secret: {@code AFFINITY_SECRET} when set (so a node can be restarted by hand), else a random one. */
    private static String secret() {
        String given = System.getenv("AFFINITY_SECRET");
        return given != null && !given.isBlank() ? given : randomSecret();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String nodeJar() {
        try {
            File self = new File(DemoLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            File node = new File(self.getParentFile(), "affinity-node.jar");
            if (!node.isFile()) {
                throw new IllegalStateException(node + " is missing: build with mvn -B -q -DskipTests package");
            }
            return node.getPath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The demo farm's layout: node {@code i} (from 0) is {@code node<i+1>} on port {@code P+1+i}, its
     * Hazelcast member on one of {@code P+701…P+700+N}.
     */
    record Farm(int size, int balancerPort) {
        private static final int HAZELCAST_OFFSET = 701;

        String name(int index) {
            return "node" + (index + 1);
        }

        int port(int index) {
            return balancerPort + 1 + index;
        }

        String url(int index) {
            return "http://127.0.0.1:" + port(index);
        }

        String members() {
            StringJoiner joined = new StringJoiner(",");
            for (int i = 0; i < size; i++) {
                joined.add(url(i) + ";name=" + name(i));
            }
            return joined.toString();
        }

        /**
         * Settings of each node: the first port of the Hazelcast members (with no Hazelcast file, each
         * node's member listens on 127.0.0.1 only, joins the other nodes on the ports from there, and
         * its cluster name comes from the farm secret), and quick health checks so a killed node is
         * noticed within seconds. Sessions are backed up synchronously, the default.
         */
        List<String> nodeSettings() {
            return List.of("hazelcast.port=" + (balancerPort + HAZELCAST_OFFSET), "health.interval=1s", "health.fall=2", "health.rise=2");
        }

        /** The balancer's JSON configuration: the same members, key chain and health rules as the nodes; its status and dashboard on. */
        String balancerConfig() {
            StringJoiner members = new StringJoiner("\", \"", "[\"", "\"]");
            for (int i = 0; i < size; i++) {
                members.add(url(i) + ";name=" + name(i));
            }
            return "{\"members\": " + members + ", \"key\": \"param:id,session\", "
                    + "\"health\": {\"interval\": \"1s\", \"fall\": 2, \"rise\": 2}, \"balancer-status\": {\"enabled\": true}, "
                    + "\"balancer-dashboard\": {\"enabled\": true}}\n";
        }

        /** The balancer's farm dashboard, which the demo page links to. */
        String dashboard() {
            return "http://127.0.0.1:" + balancerPort + "/balancer/dashboard";
        }
    }
}
