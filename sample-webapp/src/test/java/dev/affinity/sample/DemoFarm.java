package dev.affinity.sample;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The demo started as a user starts it: {@code java -jar affinity-demo.jar}, real processes. */
final class DemoFarm implements AutoCloseable {
    private static final Pattern NODE_LINE = Pattern.compile("^\\s+(node\\d)\\s+(http://\\S+)\\s+pid (\\d+)\\s.*");
    private static final int[] DEMO_PORT_OFFSETS = {0, 1, 2, 3, 701, 702, 703};

    private final Process demo;
    private final int port;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Map<String, Long> pids = new ConcurrentHashMap<>();

    DemoFarm() throws IOException {
        port = freePortBlock();
        demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("demo.jar", "target/affinity-demo.jar"), "--nodes", "3", "--port", String.valueOf(port))
                .redirectErrorStream(true)
                .start();
        Thread reader = new Thread(this::readOutput, "demo-output");
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .failFast("the demo exited: " + output, () -> !demo.isAlive())
                .until(() -> output.stream().anyMatch(line -> line.startsWith("Ready")));
    }

    String balancer() {
        return "http://127.0.0.1:" + port;
    }

    /** The process id of a node, as the demo printed it. */
    long pid(String node) {
        return Optional.ofNullable(pids.get(node)).orElseThrow(() -> new AssertionError("no pid printed for " + node + ": " + output));
    }

    List<String> output() {
        return output;
    }

    /** {@code kill -9} of a node process. */
    void kill(String node) {
        ProcessHandle handle = ProcessHandle.of(pid(node)).orElseThrow();
        handle.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !handle.isAlive());
    }

    @Override
    public void close() {
        demo.destroy();
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
