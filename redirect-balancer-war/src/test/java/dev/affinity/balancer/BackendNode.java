package dev.affinity.balancer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A back-end node for the tests: a small Jetty server on 127.0.0.1 that answers the health path
 * (200, or 503 while told to fail) and identifies itself on every other path with its name, the
 * method, path, query and body it received. It can be stopped and restarted on the same port.
 */
final class BackendNode implements AutoCloseable {
    static final String HEALTH_PATH = "/affinity/health";

    private final String name;
    private final Server server;
    private final ServerConnector connector;
    private final AtomicInteger healthyProbes = new AtomicInteger();
    private final AtomicInteger failedProbes = new AtomicInteger();
    private volatile boolean failHealth;

    BackendNode(String name) throws Exception {
        this.name = name;
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("backend-" + name);
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                HttpURI uri = request.getHttpURI();
                String body;
                if (HEALTH_PATH.equals(uri.getPath())) {
                    boolean failing = failHealth;
                    (failing ? failedProbes : healthyProbes).incrementAndGet();
                    response.setStatus(failing ? 503 : 200);
                    body = failing ? "failing" : "ok";
                } else {
                    body = "node=" + name + "\nmethod=" + request.getMethod() + "\npath=" + uri.getPath()
                            + "\nquery=" + uri.getQuery() + "\nbody=" + requestBody(request) + "\n";
                }
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=UTF-8");
                Content.Sink.write(response, true, body, callback);
                return true;
            }
        });
        server.start();
        connector.setPort(connector.getLocalPort());
    }

    private static String requestBody(Request request) {
        try {
            return Content.Source.asString(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return name;
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + connector.getPort());
    }

    /** The entry of this node in a member list. */
    String memberEntry() {
        return baseUrl() + ";name=" + name;
    }

    void stop() throws Exception {
        server.stop();
    }

    void restart() throws Exception {
        healthyProbes.set(0);
        server.start();
    }

    /** Answers the health path with 503 from now on ({@code true}) or with 200 again. */
    void failHealth(boolean fail) {
        failedProbes.set(0);
        healthyProbes.set(0);
        failHealth = fail;
    }

    int healthyProbes() {
        return healthyProbes.get();
    }

    int failedProbes() {
        return failedProbes.get();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
