package dev.affinity.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a farm can serve: every node's own status ({@code /affinity/status}) shows every member up
 * and confirmed by a health check, and so does the redirect balancer's status (every member of
 * every pool), so the first request through the balancer or any node reaches the key's owner;
 * {@linkplain #andBackups() with the backups}, every node's session status also shows a Hazelcast
 * cluster of all the nodes with every partition's backup in place, so the first session change is
 * not kept waiting while the new cluster moves its partitions. Asks the components that will
 * answer, not a proxy of them (such as a node answering its own health check while its peers still
 * count it down).
 */
public final class FarmReadiness {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(100);

    private final List<URI> nodeStatus;
    private final Optional<URI> balancerStatus;
    private final List<URI> sessionStatus;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /**
     * @param nodes the nodes' base URLs (their status endpoint must be enabled)
     * @param balancerStatus the balancer's status URL (its status must be enabled), if the farm has one
     */
    public FarmReadiness(List<String> nodes, Optional<String> balancerStatus) {
        this(nodes.stream().map(node -> URI.create(node + "/affinity/status")).toList(), balancerStatus.map(URI::create), List.of());
    }

    private FarmReadiness(List<URI> nodeStatus, Optional<URI> balancerStatus, List<URI> sessionStatus) {
        this.nodeStatus = nodeStatus;
        this.balancerStatus = balancerStatus;
        this.sessionStatus = sessionStatus;
    }

    /**
     * This readiness, and every node's session backup ({@code /affinity/session-status}, which must
     * be enabled) a member of one Hazelcast cluster of all the nodes, every partition with its backup.
     */
    public FarmReadiness andBackups() {
        return new FarmReadiness(nodeStatus, balancerStatus, nodeStatus.stream().map(status -> status.resolve("session-status")).toList());
    }

    /**
     * Waits until the farm is ready.
     *
     * @throws IllegalStateException after {@code timeout}, saying what is still not ready
     */
    public void await(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<String> waiting = notReady();
        while (!waiting.isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the farm was not ready within " + timeout.toSeconds() + " s: " + waiting);
            }
            Thread.sleep(POLL.toMillis());
            waiting = notReady();
        }
    }

    /** What is not ready yet; empty when the farm is ready. */
    public List<String> notReady() throws InterruptedException {
        List<String> waiting = new ArrayList<>();
        for (URI status : nodeStatus) {
            unconfirmed(status, fetch(status).map(json -> json.path("members")), waiting);
        }
        if (balancerStatus.isPresent()) {
            Optional<JsonNode> json = fetch(balancerStatus.get());
            if (json.isEmpty()) {
                waiting.add(balancerStatus.get() + " does not answer");
            }
            json.ifPresent(status -> status.path("pools").forEach(pool ->
                    unconfirmed(balancerStatus.get(), Optional.of(pool.path("members")), waiting)));
        }
        for (URI status : sessionStatus) {
            unsafe(status, fetch(status), waiting);
        }
        return waiting;
    }

    private void unsafe(URI status, Optional<JsonNode> backup, List<String> waiting) {
        if (backup.isEmpty()) {
            waiting.add(status + " does not answer");
            return;
        }
        int members = backup.get().path("clusterSize").asInt();
        if (members != sessionStatus.size()) {
            waiting.add(status + " sees " + members + " of " + sessionStatus.size() + " Hazelcast members");
        } else if (!backup.get().path("clusterSafe").asBoolean(false)) {
            waiting.add(status + " does not yet have every partition's backup in place");
        }
    }

    private static void unconfirmed(URI status, Optional<JsonNode> members, List<String> waiting) {
        if (members.isEmpty() || !members.get().isArray() || members.get().isEmpty()) {
            waiting.add(status + " does not answer with its members");
            return;
        }
        members.get().forEach(member -> {
            if (!member.path("confirmed").asBoolean(false)) {
                waiting.add(status + " does not yet see " + member.path("name").asText() + " up");
            }
        });
    }

    private Optional<JsonNode> fetch(URI uri) throws InterruptedException {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
