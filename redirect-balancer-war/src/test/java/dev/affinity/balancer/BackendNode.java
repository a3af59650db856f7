package dev.affinity.balancer;

import dev.affinity.access.AdminSignature;
import dev.affinity.testing.HandlerServer;
import dev.affinity.routing.HealthMonitor;
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
import org.eclipse.jetty.util.Callback;

/**
 * A back-end node for the tests: a small Jetty server on 127.0.0.1 that answers the health path
 * (200; 503 while told to fail, or {@code 503 draining} with {@code Affinity-State: draining} while draining, which {@code POST
 * /affinity/admin/drain} and {@code undrain} set as a node's admin endpoints do), its affinity status (the
 * requests it served as {@code local}) and session status (a fixed session count), and identifies
 * itself on every other path with its name, the method, path, query and body it received. It can
 * be stopped and restarted on the same port.
 */
final class BackendNode implements AutoCloseable {
    static final String HEALTH_PATH = "/affinity/health";
    static final int SESSIONS = 7;
    /** The admin endpoints: {@code POST drain} and {@code undrain} below it, as the nodes' contract says. */
    static final String ADMIN_PATH = "/affinity/admin/";

    private final String name;
    private final HandlerServer server;
    private final AtomicInteger healthyProbes = new AtomicInteger();
    private final AtomicInteger failedProbes = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private volatile boolean failHealth;
    private volatile boolean draining;
    private volatile String adminHeader;

    BackendNode(String name) throws Exception {
        this.name = name;
        server = new HandlerServer("backend-" + name, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                HttpURI uri = request.getHttpURI();
                String body;
                if (HEALTH_PATH.equals(uri.getPath()) && draining) {
                    response.setStatus(503);
                    response.getHeaders().put(HealthMonitor.STATE_HEADER, HealthMonitor.DRAINING);
                    body = "draining";
                } else if (HEALTH_PATH.equals(uri.getPath())) {
                    boolean failing = failHealth;
                    (failing ? failedProbes : healthyProbes).incrementAndGet();
                    response.setStatus(failing ? 503 : 200);
                    body = failing ? "failing" : "ok";
                } else if ("/affinity/status".equals(uri.getPath())) {
                    body = "{\"self\": \"" + name + "\", \"counters\": {\"local\": " + served.get()
                            + ", \"forwarded\": 0, \"failedOver\": 0}}";
                } else if ("POST".equals(request.getMethod()) && uri.getPath().startsWith(ADMIN_PATH)) {
                    adminHeader = request.getHeaders().get(AdminSignature.HEADER);
                    draining = uri.getPath().equals(ADMIN_PATH + "drain");
                    body = "{\"node\": \"" + name + "\", \"state\": \"" + (draining ? "draining" : "serving") + "\"}";
                } else if ("/affinity/session-status".equals(uri.getPath())) {
                    body = "{\"sessions\": " + SESSIONS + "}";
                } else {
                    served.incrementAndGet();
                    body = "node=" + name + "\nmethod=" + request.getMethod() + "\npath=" + uri.getPath()
                            + "\nquery=" + uri.getQuery() + "\nbody=" + requestBody(request) + "\n";
                }
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=UTF-8");
                Content.Sink.write(response, true, body, callback);
                return true;
            }
        });
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
        return server.baseUrl();
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
        server.restart();
    }

    /** Answers the health path with 503 from now on ({@code true}) or with 200 again. */
    void failHealth(boolean fail) {
        failedProbes.set(0);
        healthyProbes.set(0);
        failHealth = fail;
    }

    /** Answers the health path as a draining node does ({@code 503}, {@code Affinity-State: draining}) from now on, or serves again. */
    /** The {@code Affinity-Admin} header of the last admin call this node received, or {@code null}. */
    String adminHeader() {
        return adminHeader;
    }

    void drain(boolean drain) {
        draining = drain;
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
