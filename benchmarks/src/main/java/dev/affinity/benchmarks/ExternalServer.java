package dev.affinity.benchmarks;

import dev.affinity.testing.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nginx or HAProxy, started in the foreground on a free port of 127.0.0.1 with a configuration
 * written to a temporary directory, and stopped with the benchmark.
 */
final class ExternalServer implements AutoCloseable {
    private static final long START_TIMEOUT_MILLIS = 10_000;

    private final Process process;
    private final int port;

    private ExternalServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** nginx, two workers, upstream keep-alive, proxying everything to {@code target} (host:port). */
    static ExternalServer nginxProxy(String target) throws IOException, InterruptedException {
        return nginx("upstream owner { server " + target + "; keepalive 64; }\n"
                + "server { listen 127.0.0.1:%d; location / { proxy_pass http://owner; proxy_http_version 1.1;"
                + " proxy_set_header Connection \"\"; } }\n");
    }

    /** nginx, two workers, upstream keep-alive, placing requests on {@code targets} (host:port) by {@code hash $arg_id consistent}. */
    static ExternalServer nginxHashTier(List<String> targets) throws IOException, InterruptedException {
        StringBuilder servers = new StringBuilder();
        targets.forEach(target -> servers.append(" server ").append(target).append(';'));
        return nginx("upstream farm { hash $arg_id consistent;" + servers + " keepalive 64; }\n"
                + "server { listen 127.0.0.1:%d; location / { proxy_pass http://farm; proxy_http_version 1.1;"
                + " proxy_set_header Connection \"\"; } }\n");
    }

    /** nginx, two workers, answering every request {@code 303} to {@code location}. */
    static ExternalServer nginxRedirect(String location) throws IOException, InterruptedException {
        return nginx("server { listen 127.0.0.1:%d; location / { return 303 " + location + "$request_uri; } }\n");
    }

    /** HAProxy, two threads, HTTP mode with connection reuse, proxying everything to {@code target} (host:port). */
    static ExternalServer haproxy(String target) throws IOException, InterruptedException {
        return haproxyWith("  server owner " + target + "\n");
    }

    /** HAProxy as {@link #haproxy}, placing requests on {@code targets} (host:port) by {@code balance url_param id} and {@code hash-type consistent}. */
    static ExternalServer haproxyHashTier(List<String> targets) throws IOException, InterruptedException {
        StringBuilder backend = new StringBuilder("  balance url_param id\n  hash-type consistent\n");
        for (int i = 0; i < targets.size(); i++) {
            backend.append("  server node").append(i).append(' ').append(targets.get(i)).append('\n');
        }
        return haproxyWith(backend.toString());
    }

    private static ExternalServer haproxyWith(String servers) throws IOException, InterruptedException {
        String program = Tools.require("haproxy", "haproxy");
        int port = FreePorts.next();
        Path directory = Files.createTempDirectory("affinity-bench-haproxy");
        Path config = directory.resolve("haproxy.cfg");
        Files.writeString(config, "global\n  nbthread 2\n  maxconn 4096\n"
                + "defaults\n  mode http\n  timeout connect 5s\n  timeout client 60s\n  timeout server 60s\n"
                + "frontend bench\n  bind 127.0.0.1:" + port + "\n  default_backend owner\n"
                + "backend owner\n  http-reuse always\n" + servers);
        return start(List.of(program, "-db", "-f", config.toString()), port);
    }

    private static ExternalServer nginx(String server) throws IOException, InterruptedException {
        String program = Tools.require("nginx", "nginx-light");
        int port = FreePorts.next();
        Path directory = Files.createTempDirectory("affinity-bench-nginx");
        String temp = directory.toString();
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        Files.writeString(directory.resolve("nginx.conf"), user + "daemon off;\nworker_processes 2;\npid " + temp + "/nginx.pid;\n"
                + "error_log " + temp + "/error.log warn;\nevents { worker_connections 1024; }\n"
                + "http { access_log off; client_body_temp_path " + temp + "/body; proxy_temp_path " + temp + "/proxy;"
                + " fastcgi_temp_path " + temp + "/fastcgi; uwsgi_temp_path " + temp + "/uwsgi; scgi_temp_path " + temp + "/scgi;\n"
                + String.format(server, port) + "}\n");
        return start(List.of(program, "-p", temp, "-e", temp + "/error.log", "-c", temp + "/nginx.conf"), port);
    }

    private static ExternalServer start(List<String> command, int port) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        ExternalServer server = new ExternalServer(process, port);
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (!accepts(port)) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                server.close();
                throw new IOException(command.get(0) + " did not start on port " + port + ": " + command);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return server;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
