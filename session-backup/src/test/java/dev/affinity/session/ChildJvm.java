package dev.affinity.session;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test class path in a JVM of its own, its output in a temporary directory. It
 * can be paused and resumed with {@code SIGSTOP}/{@code SIGCONT} and killed with {@code kill -9}.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path out;

    ChildJvm(String name, Class<?> main, String... args) throws IOException {
        Path dir = Files.createTempDirectory("affinity-" + name + "-");
        out = dir.resolve("stdout.txt");
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-Dhazelcast.phone.home.enabled=false",
                "-Djava.net.preferIPv4Stack=true", "-cp", classPath, main.getName()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
    }

    /** Waits (bounded) for the first output line starting with {@code prefix}, and answers the rest of it. */
    String awaitLine(String prefix) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("process exited with " + process.exitValue() + "; see " + out.getParent());
            }
            return line(prefix).isPresent();
        });
        return line(prefix).orElseThrow().substring(prefix.length()).trim();
    }

    /** Writes a line to the process's standard input. */
    void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** {@code kill -STOP}: the JVM stops at once, its sockets stay open. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** {@code kill -CONT}. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** {@code kill -9}: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("process " + process.pid() + " did not die");
        }
    }

    private Optional<String> line(String prefix) {
        try {
            return Files.readAllLines(out).stream().filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            resume();
            kill();
        }
    }
}
