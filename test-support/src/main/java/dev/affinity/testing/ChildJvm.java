package dev.affinity.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child process for tests, usually a JVM started from the test class path with a main class
 * (or {@code java -jar}): its output (standard output and error together) is kept, in memory and
 * in a log file, so a test waits for the line that says it is ready; it can be paused and resumed
 * ({@code SIGSTOP}/{@code SIGCONT}), killed with {@code kill -9}, or stopped by closing its
 * standard input. Every wait is bounded. The child side: {@link #tell} and {@link #awaitParentGone}.
 * The log is in a temporary directory of the child's own, which also holds the {@code java.io.tmpdir}
 * of a JVM started by {@link #main}: whatever the child leaves there, even when it was killed, is
 * deleted on {@link #close}.
 */
public final class ChildJvm implements AutoCloseable {
    private static final Duration OUTPUT_END_TIMEOUT = Duration.ofSeconds(10);
    private static final int LINES_IN_FAILURE = 40;

    private final String name;
    private final Process process;
    private final Path dir;
    private final Path log;
    private final Thread reader;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    private ChildJvm(String name, Process process, Path dir) {
        this.name = name;
        this.process = process;
        this.dir = dir;
        this.log = dir.resolve(name + ".log");
        reader = new Thread(this::readOutput, "child-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code main} with {@code args} in a JVM of its own, from this JVM's (test) class path, with
     * {@code jvmOptions}; its {@code java.io.tmpdir} is in this child's temporary directory.
     */
    public static ChildJvm main(String name, List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        Path dir = createDirectory(name);
        List<String> command = new ArrayList<>(List.of(java(), "-Djava.io.tmpdir=" + Files.createDirectory(dir.resolve("tmp"))));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath(), main.getName()));
        command.addAll(List.of(args));
        return start(name, command, Map.of(), dir);
    }

    /** Starts {@code command} (for example {@code java -jar ...}) with these environment variables added. */
    public static ChildJvm start(String name, List<String> command, Map<String, String> environment) throws IOException {
        return start(name, command, environment, createDirectory(name));
    }

    private static ChildJvm start(String name, List<String> command, Map<String, String> environment, Path dir) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            return new ChildJvm(name, builder.start(), dir);
        } catch (IOException | RuntimeException e) {
            FileTrees.delete(dir);
            throw e;
        }
    }

    private static Path createDirectory(String name) throws IOException {
        return Files.createTempDirectory("affinity-" + name + "-");
    }

    /** The {@code java} launcher of this JVM. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The class path of the tests (Surefire's, else this JVM's). */
    public static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /**
     * Waits, at most {@code timeout}, for the first output line starting with {@code prefix}, and
     * answers the rest of it, trimmed. Fails at once when the process ends without printing it.
     */
    public String awaitLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                Optional<String> line = lines.stream().filter(l -> l.startsWith(prefix)).findFirst();
                if (line.isPresent()) {
                    return line.get().substring(prefix.length()).trim();
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError(name + (ended ? " ended" : " is still running") + " without printing "
                            + prefix.trim() + " (after " + timeout + "); exit " + exit() + "; its last output lines:\n"
                            + String.join("\n", lines.subList(Math.max(0, lines.size() - LINES_IN_FAILURE), lines.size())));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lines, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + name, e);
                }
            }
        }
    }

    /** The output lines so far. */
    public List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The file the output goes to as well, until {@link #close}. */
    public Path log() {
        return log;
    }

    /** Writes a line to the process's standard input. */
    public void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -STOP}: the process stops at once; its sockets stay open, so peers see silence, not a close. */
    public void pause() throws IOException, InterruptedException {
        signal(process.pid(), "STOP");
    }

    /** {@code kill -CONT}. */
    public void resume() throws IOException, InterruptedException {
        signal(process.pid(), "CONT");
    }

    /** {@code kill -9}: no shutdown hook runs. Returns once the process is gone. */
    public void kill() {
        kill(process.toHandle());
    }

    /**
     * Stops the process as a parent that goes away does: resumes it, closes its standard input,
     * waits at most {@code timeout} for it to exit, then kills it.
     */
    public void stop(Duration timeout) throws IOException, InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        resume();
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    /**
     * {@code kill -TERM} (shutdown hooks run); waits at most {@code timeout} for the process to exit, then kills it.
     * What the hooks print is kept: the signal goes through the process's handle, since {@code Process.destroy}
     * would also close this end of its output before they run.
     */
    public void terminate(Duration timeout) throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    /**
     * Resumes the process if it was paused, and kills it ({@code kill -9}) if it still runs; then
     * deletes its temporary directory, the log with it.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            resume();
            kill();
        }
        reader.join(OUTPUT_END_TIMEOUT.toMillis());
        FileTrees.delete(dir);
    }

    /** Sends {@code signal} ({@code STOP}, {@code CONT}, ...) to process {@code pid}. */
    public static void signal(long pid, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + pid + " failed");
        }
    }

    /** {@code kill -9} of {@code process}; returns once it is gone (at most 20 s). */
    public static void kill(ProcessHandle process) {
        process.destroyForcibly();
        try {
            process.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("process " + process.pid() + " did not die after kill -9", e);
        }
    }

    /** In the child: prints {@code line} for the parent's {@link #awaitLine}. */
    public static void tell(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** In the child: blocks until the parent closes its standard input (or goes away). */
    public static void awaitParentGone(InputStream in) {
        try {
            while (in.read() >= 0) {
                // the parent sends nothing more; its end closes the stream
            }
        } catch (IOException ignored) {
            // the parent is gone
        }
    }

    private String exit() {
        return process.isAlive() ? "none yet" : String.valueOf(process.exitValue());
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                file.write(line + "\n");
                file.flush();
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (lines) {
                lines.add("output closed: " + e.getMessage());
            }
        } finally {
            synchronized (lines) {
                ended = true;
                lines.notifyAll();
            }
        }
    }
}
