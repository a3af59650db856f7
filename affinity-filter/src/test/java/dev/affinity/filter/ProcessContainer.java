package dev.affinity.filter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.testing.ServletApp;
import dev.affinity.testing.ServletContainer;
import dev.affinity.testing.Webapp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A farm node in a JVM of its own ({@link NodeMain}, from the test class path), so a test can freeze
 * it as an operating system freezes a process: {@code kill -STOP}, then {@code kill -CONT}. It runs
 * only a farm node's app ({@link Farm#app}): the node's name and its filter's settings cross over.
 */
final class ProcessContainer implements ServletContainer {
    private Process process;
    private BufferedReader out;
    private int port;

    @Override
    public int bind(int port) throws Exception {
        Path dir = Files.createTempDirectory("affinity-node-process");
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        process = new ProcessBuilder(List.of(java, "-Xmx128m", "-cp", classPath, NodeMain.class.getName(), String.valueOf(port)))
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        port = Integer.parseInt(expect("BOUND ").substring(6));
        return port;
    }

    @Override
    public void start(ServletApp app) throws Exception {
        String node = ((TestApp) app.servlets().get(0).servlet()).node();
        OutputStream in = process.getOutputStream();
        in.write((node + " " + new ObjectMapper().writeValueAsString(app.filters().get(0).initParameters()) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        in.flush();
        expect("STARTED");
    }

    @Override
    public void deploy(Webapp webapp) {
        throw new UnsupportedOperationException("a node process runs a farm node's app, not a WAR");
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public ClassLoader webappClassLoader() {
        throw new UnsupportedOperationException("the webapp runs in another JVM");
    }

    /** {@code kill -STOP}: the process keeps its sockets, and the kernel keeps accepting connections nobody answers. */
    void freeze() throws Exception {
        signal("-STOP");
    }

    /** {@code kill -CONT}. */
    void thaw() throws Exception {
        signal("-CONT");
    }

    @Override
    public void close() throws Exception {
        if (process == null) {
            return;
        }
        thaw();
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    private static String exitOf(Process process) {
        try {
            return process.waitFor(10, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "none yet";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Reads the node's output up to the line starting with {@code prefix}. */
    private String expect(String prefix) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException("the node process ended before it said " + prefix.trim() + "; exit " + exitOf(process));
    }
}
