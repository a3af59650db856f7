package dev.affinity.demo;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo started as a user starts it: {@code java -jar affinity-demo.jar}, real processes (a
 * balancer and three nodes). Also used by {@code src-it} (this module's test jar): a node can be
 * killed with {@code kill -9} and started again with the very command line the demo gave it.
 */
public final class DemoFarm implements AutoCloseable {
    private static final Pattern NODE_LINE = Pattern.compile("^\\s+(node\\d)\\s+(http://\\S+)\\s+pid (\\d+)\\s.*");
    private static final int HAZELCAST_OFFSET = 701;
    private static final int[] DEMO_PORT_OFFSETS = {0, 1, 2, 3, HAZELCAST_OFFSET, HAZELCAST_OFFSET + 1, HAZELCAST_OFFSET + 2};

    private final Process demo;
    private final int port;
    private final String secret = newSecret();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Map<String, Long> pids = new ConcurrentHashMap<>();
    private final Map<String, List<String>> commands = new ConcurrentHashMap<>();
    private final List<Process> restarted = new CopyOnWriteArrayList<>();
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
        this.environment = Map.copyOf(environment);
        port = freePortBlock();
        ProcessBuilder builder = new ProcessBuilder(java(),
                "-jar", System.getProperty("demo.jar", "target/affinity-demo.jar"), "--nodes", "3", "--port", String.valueOf(port))
                .redirectErrorStream(true);
        builder.environment().putAll(this.environment);
        builder.environment().put("AFFINITY_SECRET", secret);
        demo = builder.start();
        Thread reader = new Thread(this::readOutput, "demo-output");
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .failFast("the demo exited", () -> !demo.isAlive())
                    .until(() -> output.stream().anyMatch(line -> line.startsWith("Ready")));
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("the demo did not get ready; its output: " + output, e);
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

    /** The process id of a node, as the demo printed it (or of its restarted process). */
    public long pid(String node) {
        return Optional.ofNullable(pids.get(node)).orElseThrow(() -> new AssertionError("no pid printed for " + node + ": " + output));
    }

    List<String> output() {
        return output;
    }

    /** {@code kill -9} of the launcher process (the balancer runs in it); its nodes are left to notice. */
    public void killLauncher() {
        demo.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !demo.isAlive());
    }

    /** {@code kill -9} of a node process. */
    public void kill(String node) {
        ProcessHandle handle = ProcessHandle.of(pid(node)).orElseThrow();
        commands.computeIfAbsent(node, n -> commandLine(handle));
        handle.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !handle.isAlive());
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
        Path log = Files.createTempFile("affinity-" + node + "-restarted-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("AFFINITY_SECRET", secret);
        Process process = builder.start();
        restarted.add(process);
        pids.put(node, process.pid());
    }

    @Override
    public void close() {
        demo.destroy();
        restarted.forEach(Process::destroy);
        await().atMost(Duration.ofSeconds(30)).until(() -> !demo.isAlive());
        await().atMost(Duration.ofSeconds(30)).until(() -> pids.values().stream()
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                Matcher m = NODE_LINE.matcher(line);
                if (m.matches()) {
                    pids.put(m.group(1), Long.parseLong(m.group(3)));
                }
            }
        } catch (IOException e) {
            output.add("output closed: " + e.getMessage());
        }
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

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A base port whose demo ports (balancer, three nodes, their Hazelcast members) are all free on 127.0.0.1. */
    private static int freePortBlock() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            if (allFree(base)) {
                return base;
            }
        }
        throw new IOException("no free block of demo ports found in 50 attempts");
    }

    private static boolean allFree(int base) {
        for (int offset : DEMO_PORT_OFFSETS) {
            try (ServerSocket socket = new ServerSocket(base + offset, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
