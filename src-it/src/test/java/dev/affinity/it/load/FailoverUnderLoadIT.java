package dev.affinity.it.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.demo.DemoFarm;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three node processes ({@code write-mode=sync}) and the redirect balancer under 32 concurrent
 * shoppers; during the run a node is killed with {@code kill -9} and started again, twice (node2,
 * then node3). No shopper may see its counter go back or skip, lose a cart item or see one added
 * twice, or get a 5xx on a GET, and each restarted node takes back the {@code id=} keys it owned.
 * Shoppers send each change with an {@code Idempotency-Key} and send it again when its answer was
 * lost (see {@link ShopClient}); the filter's own retries of a {@code GET /counter} whose owner died
 * after counting carry the same key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailoverUnderLoadIT {
    private static final int CLIENTS = 32;
    private static final int REQUESTS_PER_PHASE = 400;
    /** The shoppers' steps a second, all together: a steady load that leaves the restarting node CPU to start. */
    private static final int STEPS_PER_SECOND = 120;
    private static final Duration LOAD_LIMIT = Duration.ofMinutes(3);
    private static final List<String> VICTIMS = List.of("node2", "node3");

    private final FarmProbe probe = new FarmProbe();
    private DemoFarm farm;

    @BeforeAll
    void startFarm() throws Exception {
        farm = new DemoFarm();
    }

    @AfterAll
    void stopFarm() {
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    void sessionsCartsAndPricesSurviveTwoKillsAndRestartsUnderLoad() throws Exception {
        String entry = farm.url("node1");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            keys.add("owned-" + i);
        }
        await("node1 sees every node up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> farm.nodes().stream().allMatch(node -> probe.healthOf(entry, node).equals("up")));
        Map<String, String> owners = ownersOf(entry, keys);
        assertThat(owners.values()).as("keys spread over the farm").contains("node1", "node2", "node3");

        LoadReport report = new LoadReport();
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> nodeUrls = farm.nodes().stream().map(farm::url).toList();
        List<ShopClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        Pace pace = new Pace(STEPS_PER_SECOND);
        long started = System.nanoTime();
        for (int i = 0; i < CLIENTS; i++) {
            ShopClient client = new ShopClient("shopper" + i, i, nodeUrls, farm.balancer(), report, running::get, pace);
            clients.add(client);
            pool.execute(client);
        }
        try {
            awaitMoreRequests(report);
            for (String victim : VICTIMS) {
                // backup-count 1 survives the loss of one member once every partition has its backup again
                await("every backup in place").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> probe.safeWith(entry, 3));
                farm.kill(victim);
                await("node1 sees " + victim + " down").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> probe.healthOf(entry, victim).equals("down"));
                awaitMoreRequests(report);
                farm.restart(victim);
                await(victim + " answers again").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> probe.healthy(farm.url(victim)));
                await("node1 sees " + victim + " up and three Hazelcast members").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> probe.healthOf(entry, victim).equals("up") && probe.clusterSize(entry) == 3);
                awaitMoreRequests(report);
            }
        } finally {
            running.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).as("shoppers stop").isTrue();
            print(report, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        }
        for (ShopClient client : clients) {
            client.finish();
        }

        assertThat(report.violations).as("broken promises").isEmpty();
        assertThat(report.getServerErrors).as("5xx answers to GETs").hasValue(0);
        assertThat(report.retries.get()).as("refused connections while a node was down").isPositive();
        assertThat(report.failovers.get()).as("sessions that moved off a killed node").isPositive();
        assertThat(report.itemsAdded.get()).as("cart items added").isGreaterThan(100);
        await("each restarted node owns its keys again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(ownersOf(entry, keys)).isEqualTo(owners));
    }

    private void print(LoadReport report, long seconds) throws IOException {
        System.out.println("Failover under load, " + CLIENTS + " shoppers, " + seconds + " s, kills and restarts of "
                + VICTIMS + ": " + report.summary());
        for (String node : farm.nodes()) {
            System.out.println("  " + node + " filter counters (since its last start): "
                    + probe.status(farm.url(node)).map(status -> status.path("counters").toString()).orElse("unavailable"));
        }
        report.violations.stream().limit(20).forEach(violation -> System.out.println("  VIOLATION " + violation));
        if (!report.violations.isEmpty()) {
            farm.warnings().stream().limit(60).forEach(warning -> System.out.println("  LOG " + warning));
        }
    }

    private Map<String, String> ownersOf(String entry, List<String> keys) {
        Map<String, String> owners = new LinkedHashMap<>();
        keys.forEach(key -> owners.put(key, probe.ownerOf(entry, key)));
        return owners;
    }

    private static void awaitMoreRequests(LoadReport report) {
        long target = report.requests.get() + REQUESTS_PER_PHASE;
        await("another " + REQUESTS_PER_PHASE + " requests").atMost(LOAD_LIMIT).pollInterval(Duration.ofMillis(100))
                .failFast("a shopper saw a broken promise (see the report)", () -> !report.violations.isEmpty())
                .until(() -> report.requests.get() >= target);
    }
}
