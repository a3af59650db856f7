package dev.affinity.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.testing.HandlerServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * The farm is not ready while the balancer itself does not see every node up, even when every node
 * does: a client right after {@code Ready} would get {@code 503 no healthy member}; nor, with the
 * backups, while a node's Hazelcast cluster still moves partitions. Real HTTP: one server answers a
 * node's status, its session status and the balancer's.
 */
class FarmReadinessTest {
    private static final String NODE_STATUS = """
            {"members": [{"name": "node1", "confirmed": true}, {"name": "node2", "confirmed": true}]}""";

    @Test
    void waitsForTheBalancerToSeeEveryNodeUp() throws Exception {
        AtomicReference<String> balancerStatus = new AtomicReference<>(balancer(false));
        try (HandlerServer server = statusServer(balancerStatus::get, () -> session(1, true))) {
            FarmReadiness readiness = new FarmReadiness(List.of(server.baseUrl().toString()),
                    Optional.of(server.baseUrl().resolve("/balancer/status").toString()));
            // a status request that takes over its 2 s on a loaded machine is another reason, "does not answer": read again
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(readiness.notReady()).singleElement().asString()
                    .contains("/balancer/status").contains("does not yet see node2 up"));

            balancerStatus.set(balancer(true));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(readiness.notReady()).isEmpty());
        }
    }

    /**
     * With the backups, the farm is not ready while a node's session backup sees fewer Hazelcast members
     * than there are nodes, or a partition without its backup; without them, the same farm is ready.
     */
    @Test
    void withTheBackupsWaitsForEveryNodesMembersAndEveryPartitionsBackup() throws Exception {
        AtomicReference<String> sessionStatus = new AtomicReference<>(session(1, true));
        try (HandlerServer server = statusServer(() -> balancer(true), sessionStatus::get)) {
            String node = server.baseUrl().toString();
            FarmReadiness members = new FarmReadiness(List.of(node, node), Optional.of(server.baseUrl().resolve("/balancer/status").toString()));
            FarmReadiness backups = members.andBackups();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(members.notReady()).isEmpty());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(backups.notReady()).hasSize(2)
                    .allSatisfy(reason -> assertThat(reason).endsWith("/affinity/session-status sees 1 of 2 Hazelcast members")));

            sessionStatus.set(session(2, false));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(backups.notReady()).hasSize(2)
                    .allSatisfy(reason -> assertThat(reason).endsWith("/affinity/session-status does not yet have every partition's backup in place")));

            sessionStatus.set(session(2, true));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(backups.notReady()).isEmpty());
        }
    }

    /** The demo's {@code Ready} is the readiness with the backups: a node's cluster of 1 of 2 members keeps it waiting. */
    @Test
    void theDemosReadyWaitsForTheBackups() throws Exception {
        try (HandlerServer server = statusServer(() -> balancer(true), () -> session(1, true))) {
            String node = server.baseUrl().toString();
            FarmReadiness demos = DemoLauncher.readiness(List.of(node, node), server.baseUrl().resolve("/balancer/status").toString());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(demos.notReady()).hasSize(2)
                    .allSatisfy(reason -> assertThat(reason).endsWith("/affinity/session-status sees 1 of 2 Hazelcast members")));
        }
    }

    /** One server that answers a node's status, its session status and the balancer's status. */
    private static HandlerServer statusServer(Supplier<String> balancerStatus, Supplier<String> sessionStatus) throws Exception {
        return new HandlerServer("status", new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String body = switch (Request.getPathInContext(request)) {
                    case "/balancer/status" -> balancerStatus.get();
                    case "/affinity/session-status" -> sessionStatus.get();
                    default -> NODE_STATUS;
                };
                Content.Sink.write(response, true, body, callback);
                return true;
            }
        });
    }

    private static String session(int clusterSize, boolean clusterSafe) {
        return """
                {"hazelcast": "up", "clusterSize": %d, "clusterSafe": %s}""".formatted(clusterSize, clusterSafe);
    }

    private static String balancer(boolean node2Confirmed) {
        return """
                {"pools": {"default": {"members": [{"name": "node1", "confirmed": true}, {"name": "node2", "confirmed": %s}]}}}"""
                .formatted(node2Confirmed);
    }
}
