package dev.affinity.demo;

import static org.awaitility.Awaitility.await;

import dev.affinity.testing.ChildJvm;
import dev.affinity.testing.FileTrees;
import dev.affinity.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The demo started as a user starts it: {@code java -jar affinity-demo.jar}, real processes (a
 * balancer and three nodes). Also used by {@code src-it} (this module's test jar): a node can be
 * killed with {@code kill -9} and started again with the very command line the demo gave it.
 * The demo's {@code java.io.tmpdir} is a temporary directory of the farm's, which holds all that the
 * demo and its nodes write (logs, WAR copies, Jetty's work directories), killed or not: it is
 * deleted on {@link #close}, once every process ended.
 */
public final class DemoFarm implements AutoCloseable {
    private static final Pattern NODE_LINE = Pattern.compile("^\\s+(node\\d)\\s+(http://\\S+)\\s+pid (\\d+)\\s+log (\\S+).*");
    /** A node's log line that says something went wrong: the toolkit's warnings, Hazelcast's about its members, promotions and slow operations, and every error. */
    private static final Pattern WARNING = Pattern.compile("^\\S+ \\S+ (WARNING (dev\\.affinity|com\\.hazelcast\\.internal\\.cluster"
            + "|com\\.hazelcast\\.internal\\.partition\\.impl\\.MigrationManagerImpl|com\\.hazelcast\\.spi\\.impl\\.operationexecutor\\.slowoperationdetector)"
            + "|SEVERE).*");
    private static final int HAZELCAST_OFFSET = 701;
    private static final int[] DEMO_PORT_OFFSETS = {0, 1, 2, 3, HAZELCAST_OFFSET, HAZELCAST_OFFSET + 1, HAZELCAST_OFFSET + 2};
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir = Files.createTempDirectory("affinity-demo-farm-");
    private final ChildJvm demo;
    private final int port = FreePorts.block(DEMO_PORT_OFFSETS);
    private final String secret = newSecret();
    private final Map<String, List<String>> commands = new ConcurrentHashMap<>();
    private final Map<String, ChildJvm> restarted = new ConcurrentHashMap<>();
    private final Map<String, String> environment;

    /** Starts the demo from {@code affinity-demo.jar} (system property {@code demo.jar}) and waits until every node answers. */
    public DemoFarm() throws IOException {
        this(Map.of());
    }

    /**
     * Starts the demo as {@link #DemoFarm()} does, with these environment variables for the demo and
     * every node it starts or this farm restarts (e.g. {@code AFFINITY_WRITE_MODE}, {@code JAVA_TOOL_OPTIONS}).
     */
    public DemoFarm(Map<String, String> environment) throws IOException {
        Map<String, String> all = new HashMap<>(environment);
        all.put("AFFINITY_SECRET", secret);
        this.environment = Map.copyOf(all);
        demo = ChildJvm.start("demo", List.of(ChildJvm.java(), "-Djava.io.tmpdir=" + dir, "-jar", System.getProperty("demo.jar", "target/affinity-demo.jar"),
                "--nodes", "3", "--port", String.valueOf(port)), this.environment);
        try {
            demo.awaitLine("Ready", READY_TIMEOUT);
        } catch (AssertionError e) {
            close();
            throw new IllegalStateException("the demo did not get ready; its output: " + demo.output(), e);
        }
    }

    /** The redirect balancer's base URL. */
    public String balancer() {
        return "http://127.0.0.1:" + port;
    }

    /** The base URL of {@code node} ({@code node1} to {@code node3}). */
    public String url(String node) {
        return "http://127.0.0.1:" + (port + index(node) + 1);
    }

    /** The node names, {@code node1} to {@code node3}. */
    public List<String> nodes() {
        return List.of("node1", "node2", "node3");
    }

    /** The farm secret the demo and its nodes were given (the Hazelcast cluster name and the backups' keys derive from it). */
    public String secret() {
        return secret;
    }

    /** The Hazelcast member addresses: the nodes' members each take one of them. */
    public List<String> hazelcastAddresses() {
        return nodes().stream().map(node -> "127.0.0.1:" + (port + HAZELCAST_OFFSET + index(node))).toList();
    }

    /**
     * The toolkit's warnings, Hazelcast's about its members, its partitions' promotions and its slow
     * operations, and every error in the nodes' logs (each node's first process, then its latest
     * restart), each line prefixed with its node: what a failed test prints to say why a request was
     * refused.
     */
    public List<String> warnings() throws IOException {
        Map<String, Path> logs = new LinkedHashMap<>();
        printed().forEach(node -> logs.put(node.name(), node.log()));
        restarted.forEach((node, process) -> logs.put(node + "-restarted", process.log()));
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<String, Path> log : logs.entrySet()) {
            try (Stream<String> lines = Files.lines(log.getValue(), StandardCharsets.UTF_8)) {
                lines.filter(line -> WARNING.matcher(line).matches()).forEach(line -> warnings.add(log.getKey() + ": " + line));
            }
        }
        return warnings;
    }

    /** The process id of a node, as the demo printed it (or of its restarted process). */
    public long pid(String node) {
        ChildJvm again = restarted.get(node);
        if (again != null) {
            return again.pid();
        }
        Long printed = printedPids().get(node);
        if (printed == null) {
            throw new AssertionError("no pid printed for " + node + ": " + demo.output());
        }
        return printed;
    }

    List<String> output() {
        return demo.output();
    }

    /** The log files of the nodes' first processes, as the demo printed them. */
    List<Path> logs() {
        return printed().stream().map(PrintedNode::log).toList();
    }

    /** Stops the launcher as Ctrl-C does ({@code SIGTERM}); answers the folder it says the nodes' logs are kept in. */
    Path stopLauncher() throws InterruptedException {
        demo.terminate(STOP_TIMEOUT);
        return Path.of(demo.awaitLine("Affinity demo stopped; the nodes' logs are in ", STOP_TIMEOUT));
    }

    /** {@code kill -9} of the launcher process (the balancer runs in it); its nodes are left to notice. */
    public void killLauncher() {
        demo.kill();
    }

    /** {@code kill -9} of a node process. */
    public void kill(String node) {
        ProcessHandle handle = ProcessHandle.of(pid(node)).orElseThrow();
        commands.computeIfAbsent(node, n -> commandLine(handle));
        ChildJvm.kill(handle);
    }

    /**
     * A graceful stop of a node process ({@code SIGTERM}): it drains and stops as its launcher
     * does on {@code SIGTERM}; returns once the process ended.
     */
    public void stop(String node) {
        ProcessHandle handle = ProcessHandle.of(pid(node)).orElseThrow();
        commands.computeIfAbsent(node, n -> commandLine(handle));
        handle.destroy();
        await().atMost(Duration.ofSeconds(60)).until(() -> !handle.isAlive());
    }

    /**
     * Starts a killed or stopped node again with the command line and secret the demo gave it (its output
     * goes to a temporary log file); returns once the process runs, not once it answers.
     */
    public void restart(String node) throws IOException {
        List<String> command = Optional.ofNullable(commands.get(node))
                .orElseThrow(() -> new IllegalStateException(node + " was not killed or stopped by this farm"));
        restarted.put(node, ChildJvm.start(node + "-restarted", command, environment));
    }

    /** Stops the demo and every node, then deletes the farm's temporary directory and the processes' logs. */
    @Override
    public void close() {
        Map<String, Long> printed = printedPids();
        try {
            demo.terminate(STOP_TIMEOUT);
            for (ChildJvm node : restarted.values()) {
                node.terminate(STOP_TIMEOUT);
            }
            printed.values().forEach(pid -> ProcessHandle.of(pid).ifPresent(handle -> {
                try {
                    handle.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    throw new AssertionError("node process " + pid + " did not stop with the demo", e);
                }
            }));
            demo.close();
            for (ChildJvm node : restarted.values()) {
                node.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            FileTrees.delete(dir);
        }
    }

    /** The node process ids the demo printed. */
    private Map<String, Long> printedPids() {
        Map<String, Long> pids = new HashMap<>();
        printed().forEach(node -> pids.put(node.name(), node.pid()));
        return pids;
    }

    /** The nodes the demo printed, in its order. */
    private List<PrintedNode> printed() {
        List<PrintedNode> nodes = new ArrayList<>();
        for (String line : demo.output()) {
            Matcher m = NODE_LINE.matcher(line);
            if (m.matches()) {
                nodes.add(new PrintedNode(m.group(1), Long.parseLong(m.group(3)), Path.of(m.group(4))));
            }
        }
        return nodes;
    }

    /** A node as the demo printed it: its name, process id and log file. */
    private record PrintedNode(String name, long pid, Path log) {
    }

    private static List<String> commandLine(ProcessHandle handle) {
        ProcessHandle.Info info = handle.info();
        List<String> command = new ArrayList<>();
        command.add(info.command().orElseThrow(() -> new IllegalStateException("the command of pid " + handle.pid() + " is unknown")));
        command.addAll(List.of(info.arguments().orElseThrow(() -> new IllegalStateException("the arguments of pid " + handle.pid() + " are unknown"))));
        return command;
    }

    private static int index(String node) {
        if (!node.matches("node[1-3]")) {
            throw new IllegalArgumentException("no such node: " + node);
        }
        return node.charAt(4) - '1';
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
