package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.access.AdminSignature;
import dev.affinity.drain.NodeControl;
import dev.affinity.routing.HealthMonitor;
import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.HealthRecords;
import dev.affinity.testing.LogRecords;
import dev.affinity.testing.TestBudgets;
import dev.affinity.testing.TomcatContainer;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import org.junit.jupiter.api.Test;

/**
 * Draining a node of a three-node farm on real containers: no new key reaches it within a second
 * on any node, its keys come back after undrain; the admin endpoint's access rule; the JMX operations.
 */
class DrainTest {
    /**
     * The promise under test (operations.md, testing.md): every other node stops placing new keys on a
     * drained node within a second. Measured from the drain's answer to the moment each other node's
     * health monitor marked it draining (its log record), not to the moment this test's requests
     * noticed, which a busy machine delays.
     */
    private static final Duration NO_NEW_KEY_WITHIN = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NODES = List.of("a", "b", "c");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger fresh = new AtomicInteger();

    @Test
    void aDrainedNodeGetsNoNewKeyWithinOneSecondOnEveryNodeAndItsKeysComeBackAfterUndrain() throws Exception {
        try (Farm farm = Farm.startMixed(name -> name.equals("c") ? TomcatContainer::new : JettyContainer::new, NODES, Farm::defaults);
             LogRecords log = new LogRecords(HealthMonitor.class.getName())) {
            farm.awaitEveryMemberConfirmed();
            assertThat(ownersOfNewKeys(farm, "a", "b")).containsOnly("b");

            HttpResponse<String> drained = send(farm, "b", "POST", "/app/affinity/admin/drain", null);
            Instant drainedAt = Instant.now();
            assertThat(drained.statusCode()).isEqualTo(200);
            assertThat(drained.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode state = JSON.readTree(drained.body());
            assertThat(state.get("node").asText()).isEqualTo("b");
            assertThat(state.get("state").asText()).isEqualTo("draining");
            assertThat(state.get("sessions").asInt()).isZero();
            assertThat(state.has("requests")).isTrue();

            await().atMost(TestBudgets.EVENTUALLY).pollInterval(Duration.ofMillis(20)).until(() -> NODES.stream()
                    .allMatch(node -> ownersOfNewKeys(farm, node, "b").stream().noneMatch("b"::equals)));
            assertMarkedDrainingWithinASecond(log, "b", drainedAt, 2);
            for (String node : NODES) {
                String key = newKeyOwnedBy(farm, "b");
                assertThat(owner(farm, node, key)).as("a new key of b sent to %s", node).isEqualTo(farm.rank(key).get(1));
            }
            HttpResponse<String> health = send(farm, "b", "GET", "/app/affinity/health", null);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).startsWith("draining");
            assertThat(health.headers().firstValue("Affinity-State")).contains("draining");
            JsonNode status = JSON.readTree(send(farm, "a", "GET", "/app/affinity/status", null).body());
            assertThat(status.get("health").get("b").asText()).isEqualTo("draining");
            assertThat(status.get("view").get("routable").toString()).doesNotContain("\"b\"");
            assertThat(JSON.readTree(send(farm, "b", "GET", "/app/affinity/admin/drain", null).body()).get("state").asText())
                    .isEqualTo("draining");

            HttpResponse<String> undrained = send(farm, "b", "POST", "/app/affinity/admin/undrain", null);
            assertThat(JSON.readTree(undrained.body()).get("state").asText()).isEqualTo("serving");
            await().atMost(TestBudgets.EVENTUALLY).pollInterval(Duration.ofMillis(20)).until(() -> NODES.stream()
                    .allMatch(node -> ownersOfNewKeys(farm, node, "b").stream().allMatch("b"::equals)));
            assertThat(send(farm, "b", "GET", "/app/affinity/health", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void adminCallsNeedAnAllowedAddressOrAGoodSignature() throws Exception {
        try (Farm farm = Farm.start(JettyContainer::new, NODES, (name, ports) -> {
            Map<String, String> settings = Farm.defaults(name, ports);
            settings.put("admin.allow", "10.99.0.0/16");
            return settings;
        })) {
            AdminSignature signer = new AdminSignature(Farm.SECRET, Duration.ofSeconds(30), System::currentTimeMillis);
            AdminSignature late = new AdminSignature(Farm.SECRET, Duration.ofSeconds(30), () -> System.currentTimeMillis() - 60_000);
            AdminSignature otherFarm = new AdminSignature("another-farm-secret-0123456789", Duration.ofSeconds(30),
                    System::currentTimeMillis);

            HttpResponse<String> unsigned = send(farm, "b", "POST", "/app/affinity/admin/drain", null);
            assertThat(unsigned.statusCode()).isEqualTo(403);
            assertThat(unsigned.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(unsigned.body()).contains("admin.allow").doesNotContain("Exception");
            assertThat(send(farm, "b", "POST", "/app/affinity/admin/drain", otherFarm.sign("drain", "b")).statusCode()).isEqualTo(403);
            assertThat(send(farm, "b", "POST", "/app/affinity/admin/drain", late.sign("drain", "b")).statusCode()).isEqualTo(403);
            assertThat(send(farm, "b", "POST", "/app/affinity/admin/drain", signer.sign("drain", "a")).statusCode()).isEqualTo(403);
            assertThat(send(farm, "b", "POST", "/app/affinity/admin/drain", signer.sign("undrain", "b")).statusCode()).isEqualTo(403);
            assertThat(send(farm, "b", "POST", "/app/affinity/admin/drain", "garbage").statusCode()).isEqualTo(403);
            assertThat(send(farm, "b", "POST", "/app/affinity/admin/peer-state", signer.sign("draining", "b")).statusCode())
                    .as("a node takes no peer state about itself").isEqualTo(403);
            assertThat(JSON.readTree(send(farm, "b", "GET", "/app/affinity/admin/drain", signer.sign("state", "b")).body())
                    .get("state").asText()).isEqualTo("serving");

            HttpResponse<String> put = send(farm, "b", "PUT", "/app/affinity/admin/drain", signer.sign("drain", "b"));
            assertThat(put.statusCode()).isEqualTo(405);
            assertThat(put.headers().firstValue("Allow")).contains("GET, POST");
            assertThat(send(farm, "b", "GET", "/app/affinity/admin/undrain", null).statusCode()).isEqualTo(405);

            HttpResponse<String> signed = send(farm, "b", "POST", "/app/affinity/admin/drain", signer.sign("drain", "b"));
            assertThat(signed.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(signed.body()).get("state").asText()).isEqualTo("draining");
            assertThat(send(farm, "b", "GET", "/app/affinity/health", null).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void theNodeMBeanDrainsAndUndrainsAndIsGoneOnceTheNodeStops() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try (Farm farm = Farm.start(JettyContainer::new, List.of("a", "b"), Farm::defaults);
             LogRecords log = new LogRecords(HealthMonitor.class.getName())) {
            farm.awaitEveryMemberConfirmed();
            var name = NodeControl.objectName("b");
            assertThat(server.getAttribute(name, "State")).isEqualTo("serving");
            server.invoke(name, "drain", null, null);
            Instant drainedAt = Instant.now();
            assertThat(server.getAttribute(name, "State")).isEqualTo("draining");
            assertThat(server.getAttribute(name, "Sessions")).isEqualTo(0);
            assertThat(server.getAttribute(name, "RequestsInFlight")).isEqualTo(0);
            assertThat(send(farm, "b", "GET", "/app/affinity/health", null).statusCode()).isEqualTo(503);
            await().atMost(TestBudgets.EVENTUALLY).until(() -> ownersOfNewKeys(farm, "a", "b").stream().noneMatch("b"::equals));
            assertMarkedDrainingWithinASecond(log, "b", drainedAt, 1);
            server.invoke(name, "undrain", null, null);
            assertThat(server.getAttribute(name, "State")).isEqualTo("serving");
            assertThat(send(farm, "b", "GET", "/app/affinity/health", null).statusCode()).isEqualTo(200);
            farm.stop("b");
            assertThat(server.isRegistered(name)).isFalse();
        }
    }

    /**
     * That each of the {@code others} other nodes marked {@code drained} draining, once, at most
     * {@link #NO_NEW_KEY_WITHIN} after {@code drainedAt}: when its health monitor logged it, the moment
     * from which it places no new key there.
     */
    private static void assertMarkedDrainingWithinASecond(LogRecords log, String drained, Instant drainedAt, int others) {
        List<Instant> marked = HealthRecords.markedDraining(log, drained);
        assertThat(marked).as("when each other node marked %s draining (%s)", drained, log.text()).hasSize(others)
                .allSatisfy(at -> assertThat(Duration.between(drainedAt, at)).as("from the drain to %s", at)
                        .isLessThan(NO_NEW_KEY_WITHIN));
    }

    /** Who serves, sent to {@code node}, a few keys never used before whose owner is {@code owner}. */
    private List<String> ownersOfNewKeys(Farm farm, String node, String owner) {
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            owners.add(owner(farm, node, newKeyOwnedBy(farm, owner)));
        }
        return owners;
    }

    private String newKeyOwnedBy(Farm farm, String owner) {
        while (true) {
            String key = "new-" + fresh.incrementAndGet();
            if (farm.rank(key).get(0).equals(owner)) {
                return key;
            }
        }
    }

    private String owner(Farm farm, String node, String key) {
        try {
            HttpResponse<String> answer = send(farm, node, "GET", "/app/echo?id=" + key, null);
            assertThat(answer.statusCode()).isEqualTo(200);
            return answer.headers().firstValue(AffinityFilter.NODE_HEADER).orElseThrow();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(Farm farm, String node, String method, String path, String adminHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(farm.url(node, path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (adminHeader != null) {
            request.header(AdminSignature.HEADER, adminHeader);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
