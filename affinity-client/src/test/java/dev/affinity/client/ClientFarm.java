package dev.affinity.client;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.filter.AffinityFilter;
import dev.affinity.routing.Member;
import dev.affinity.routing.MemberListParser;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Strategy;
import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.LoopbackHazelcast;
import dev.affinity.testing.ServletApp;
import dev.affinity.testing.TestNodeSettings;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Embedded Jetty nodes on 127.0.0.1, each running the affinity filter (key {@code param:id,session})
 * in front of an app that names its node; a node joins by being started and the others restarted
 * with the longer member list, one at a time, as an operator rolls a change out. On Hazelcast, the
 * nodes have {@code members=hazelcast} instead: each runs its own embedded member of a loopback
 * cluster, which publishes its routing entry, and a node joins by being started.
 */
final class ClientFarm implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The system property {@code members=hazelcast} reads the member's Hazelcast file from: set for one node's start at a time. */
    private static final String HAZELCAST_CONFIG = "affinity.hazelcast.config";
    private final LoopbackHazelcast cluster;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, JettyContainer> running = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ClientFarm(LoopbackHazelcast cluster) {
        this.cluster = cluster;
    }

    static ClientFarm start(List<String> names) throws Exception {
        return start(names, null);
    }

    /** Nodes with {@code members=hazelcast}, node {@code i} of {@code names} (and of later joins) running member {@code i} of {@code cluster}. */
    static ClientFarm startOnHazelcast(List<String> names, LoopbackHazelcast cluster) throws Exception {
        return start(names, cluster);
    }

    private static ClientFarm start(List<String> names, LoopbackHazelcast cluster) throws Exception {
        ClientFarm farm = new ClientFarm(cluster);
        try {
            for (String name : names) {
                JettyContainer container = new JettyContainer();
                farm.ports.put(name, container.bind(0));
                farm.running.put(name, container);
            }
            for (String name : names) {
                farm.startNode(name, farm.running.get(name));
            }
            return farm;
        } catch (Exception | Error e) {
            farm.close();
            throw e;
        }
    }

    /** Node {@code name} joins: it starts with the longer list, then each other node is restarted with it (on Hazelcast, it only starts). */
    void join(String name) throws Exception {
        JettyContainer container = new JettyContainer();
        ports.put(name, container.bind(0));
        running.put(name, container);
        startNode(name, container);
        if (cluster != null) {
            return;
        }
        for (String other : List.copyOf(running.keySet())) {
            if (!other.equals(name)) {
                running.remove(other).close();
                JettyContainer again = new JettyContainer();
                again.bind(ports.get(other));
                running.put(other, again);
                again.start(app(other));
            }
        }
    }

    /** Stops node {@code name} at once; it stays in the others' member list (on Hazelcast, its member leaves the cluster). */
    void stop(String name) throws Exception {
        running.remove(name).close();
    }

    /** {@code http://127.0.0.1:<port>/app} of node {@code name}. */
    URI node(String name) {
        return URI.create("http://127.0.0.1:" + ports.get(name) + "/app");
    }

    /** The members still running. */
    Set<String> running() {
        return Set.copyOf(running.keySet());
    }

    /** The member that owns {@code key} among the running members, as every node places it once it sees the others down. */
    String owner(String key) {
        return rank(key).stream().filter(running::containsKey).findFirst().orElseThrow();
    }

    /** The rendezvous rank of {@code key} over every member. */
    List<String> rank(String key) {
        List<Member> members = new MemberListParser("members").parseList(TestNodeSettings.members(ports));
        return Strategy.RENDEZVOUS.place(members).rank(PartitionKey.of(key).hash()).stream().map(Member::name).toList();
    }

    /** How many requests each running node has forwarded since it started. */
    Map<String, Long> forwarded() throws Exception {
        Map<String, Long> forwarded = new LinkedHashMap<>();
        for (String name : running.keySet()) {
            forwarded.put(name, status(name).get("counters").get("forwarded").asLong());
        }
        return forwarded;
    }

    /**
     * Waits until every running node sees every running member confirmed up, every other down, and
     * all show one view; at most a minute (probes and hellos of nodes that share two cores with other
     * builds), then fails naming what each node saw last.
     */
    void awaitAgreement() {
        Map<String, String> lastSeen = new LinkedHashMap<>();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
                Set<String> views = new HashSet<>();
                boolean agreed = true;
                for (String name : running.keySet()) {
                    JsonNode status = status(name);
                    lastSeen.put(name, "view " + status.get("view").get("id").asText() + ", members " + status.get("members"));
                    views.add(status.get("view").get("id").asText());
                    for (JsonNode member : status.get("members")) {
                        agreed &= member.get("confirmed").asBoolean() == running.containsKey(member.get("name").asText());
                    }
                }
                return agreed && views.size() == 1;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the running nodes " + running.keySet() + " did not agree within a minute; last seen: " + lastSeen, e);
        }
    }

    /** The view id every running node shows (after {@link #awaitAgreement()}). */
    String viewId() throws Exception {
        return status(running.keySet().iterator().next()).get("view").get("id").asText();
    }

    private JsonNode status(String name) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(node(name) + "/affinity/status"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body());
    }

    private void startNode(String name, JettyContainer container) throws Exception {
        if (cluster == null) {
            container.start(app(name));
            return;
        }
        synchronized (ClientFarm.class) {
            System.setProperty(HAZELCAST_CONFIG, cluster.memberYaml(List.copyOf(ports.keySet()).indexOf(name)).toString());
            try {
                container.start(app(name));
            } finally {
                System.clearProperty(HAZELCAST_CONFIG);
            }
        }
    }

    private ServletApp app(String name) {
        Map<String, String> settings = TestNodeSettings.of(name, ports, "client-test-secret-0123456789", "param:id,session");
        if (cluster != null) {
            settings.put("members", "hazelcast");
            settings.put("self", "http://127.0.0.1:" + ports.get(name) + ";name=" + name);
        }
        return new ServletApp("/app").filter("affinity", AffinityFilter.class, settings, true).servlet("app", new NodeApp(name), "/*");
    }

    @Override
    public void close() throws Exception {
        List<Exception> failures = new ArrayList<>();
        for (JettyContainer container : running.values()) {
            try {
                container.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        running.clear();
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    /** {@code /app/login} sets a session cookie routed to this node; any other path answers this node's name and the cookie it got. */
    private static final class NodeApp extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final String node;

        NodeApp(String node) {
            this.node = node;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String session = null;
            if (request.getRequestURI().endsWith("/login")) {
                session = UUID.randomUUID() + "." + node;
                Cookie cookie = new Cookie("JSESSIONID", session);
                cookie.setPath("/app");
                response.addCookie(cookie);
            } else if (request.getCookies() != null) {
                for (Cookie cookie : request.getCookies()) {
                    session = cookie.getName().equals("JSESSIONID") ? cookie.getValue() : session;
                }
            }
            response.setContentType("application/json");
            response.getWriter().write(JSON.writeValueAsString(Map.of("node", node, "method", request.getMethod(),
                    "session", String.valueOf(session))));
        }
    }
}
