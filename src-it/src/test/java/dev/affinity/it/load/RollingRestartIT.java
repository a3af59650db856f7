package dev.affinity.it.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.demo.DemoFarm;
import dev.affinity.testing.TestBudgets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A rolling restart of a three-node farm ({@code write-mode=sync}) under 32 shoppers going through
 * the redirect balancer and directly through the nodes: each node in turn is drained, stopped with
 * {@code SIGTERM} and started again. Nothing may fail: no 5xx, no refused or cut connection, no
 * {@code 503} to retry, no counter that skips or goes back, no cart item lost or doubled.
 *
 * <p>What a real client does: the shoppers' own list of nodes is their load balancer, which takes a
 * node out of rotation before the node drains and back once it is up (as a Kubernetes Service drops
 * a terminating pod, or HAProxy a node in {@code DRAIN}); the redirect balancer finds out by itself,
 * from its probes. The test waits until the balancer sees the node draining before stopping it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollingRestartIT {
    private static final int CLIENTS = 32;
    private static final int REQUESTS_PER_PHASE = 400;
    /** The shoppers' steps a second, all together: a steady load that leaves the restarting node CPU to start. */
    private static final int STEPS_PER_SECOND = 120;
    /**
     * The restarts move partitions while the shoppers write, so writes and reads get the test budget
     * ({@link TestBudgets#SESSION_BACKUP_WRITE_AND_READ}). A body's minimum rate is off: a shopper
     * thread starved of CPU is not what is measured. Nor is a probe's pace (5 s here): with the demo's 1 s probe
     * timeout, two probes slowed by a starved machine mark a member that serves down, and a POST
     * forwarded to it is abandoned with a {@code 502} (as it should be when the member is frozen, see
     * {@code FrozenMemberTest}); a stopped node refuses connections, which marks it down as fast.
     */
    private static final Map<String, String> FARM_SETTINGS = Map.of(
            "AFFINITY_WRITE_TIMEOUT", TestBudgets.SESSION_BACKUP_WRITE_AND_READ,
            "AFFINITY_READ_TIMEOUT", TestBudgets.SESSION_BACKUP_WRITE_AND_READ,
            "AFFINITY_HEALTH_TIMEOUT", "5s",
            "AFFINITY_FORWARD_BODY_MIN_RATE", "0");
    /** The requests whose latency is compared with the restarts', once the farm is warm. */
    private static final int BEFORE_REQUESTS = 1200;
    private static final Duration LOAD_LIMIT = Duration.ofMinutes(3);

    private final FarmProbe probe = new FarmProbe();
    private DemoFarm farm;

    @BeforeAll
    void startFarm() throws Exception {
        farm = new DemoFarm(FARM_SETTINGS);
    }

    @AfterAll
    void stopFarm() {
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    void everyNodeRestartedOneAfterTheOtherWithNothingFailed() throws Exception {
        List<String> nodes = farm.nodes();
        List<String> nodeUrls = nodes.stream().map(farm::url).toList();
        await("every node sees every node up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> nodeUrls.stream().allMatch(url -> nodes.stream().allMatch(node -> probe.healthOf(url, node).equals("up"))));

        LoadReport report = new LoadReport();
        AtomicBoolean running = new AtomicBoolean(true);
        Set<String> outOfRotation = ConcurrentHashMap.newKeySet();
        List<ShopClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        Pace pace = new Pace(STEPS_PER_SECOND);
        List<String> restarts = new ArrayList<>();
        long started = System.nanoTime();
        long restartBegan = 0;
        long restartEnded = 0;
        for (int i = 0; i < CLIENTS; i++) {
            ShopClient client = new ShopClient("shopper" + i, i, nodeUrls, farm.balancer(), report, running::get, pace,
                    base -> !outOfRotation.contains(base));
            clients.add(client);
            pool.execute(client);
        }
        long warm = 0;
        try {
            awaitMoreRequests(report, REQUESTS_PER_PHASE);
            warm = System.nanoTime();
            awaitMoreRequests(report, BEFORE_REQUESTS);
            restartBegan = System.nanoTime();
            for (String victim : nodes) {
                String url = farm.url(victim);
                String entry = nodeUrls.stream().filter(other -> !other.equals(url)).findFirst().orElseThrow();
                await("every backup in place").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> probe.safeWith(entry, 3));
                long began = System.nanoTime();
                outOfRotation.add(url);
                assertThat(probe.drain(url, true)).isEqualTo("draining");
                await(victim + " drained").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> probe.drained(url));
                await("the balancer sees " + victim + " draining").atMost(TestBudgets.EVENTUALLY).pollInterval(Duration.ofMillis(50))
                        .until(() -> probe.balancerSeesDraining(farm.balancer(), victim));
                farm.stop(victim);
                long stopped = System.nanoTime();
                awaitMoreRequests(report, REQUESTS_PER_PHASE);
                farm.restart(victim);
                long restarted = System.nanoTime();
                await(victim + " answers again").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> probe.healthy(url));
                await("every node sees " + victim + " up, and three Hazelcast members").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> nodeUrls.stream().allMatch(other -> probe.healthOf(other, victim).equals("up"))
                                && probe.clusterSize(entry) == 3);
                outOfRotation.remove(url);
                restarts.add(victim + ": drained and stopped in " + secondsSince(began, stopped) + " s, up again in "
                        + secondsSince(restarted, System.nanoTime()) + " s");
                awaitMoreRequests(report, REQUESTS_PER_PHASE);
            }
            restartEnded = System.nanoTime();
        } finally {
            running.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).as("shoppers stop").isTrue();
            System.out.println("Rolling restart, " + CLIENTS + " shoppers, " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)
                    + " s, drain, SIGTERM and start of " + nodes + ": " + report.summary());
            restarts.forEach(restart -> System.out.println("  " + restart));
            report.failureSamples.forEach(sample -> System.out.println("  " + sample));
            if (!report.failureSamples.isEmpty()) {
                farm.warnings().stream().limit(60).forEach(warning -> System.out.println("  LOG " + warning));
            }
            System.out.println("  latency before the restart (warm): " + report.p99(warm, restartBegan)
                    + "; during it: " + report.p99(restartBegan, restartEnded == 0 ? System.nanoTime() : restartEnded));
            report.violations.stream().limit(20).forEach(violation -> System.out.println("  VIOLATION " + violation));
        }
        for (ShopClient client : clients) {
            client.finish();
        }

        assertThat(report.violations).as("broken promises").isEmpty();
        assertThat(report.getServerErrors).as("5xx answers to GETs").hasValue(0);
        assertThat(report.postServerErrors).as("5xx answers to POSTs").hasValue(0);
        assertThat(report.retries).as("refused connections").hasValue(0);
        assertThat(report.lostInFlight).as("connections cut in flight").hasValue(0);
        assertThat(report.unanswered).as("requests without an answer for a minute").hasValue(0);
        assertThat(report.unavailable).as("503 Retry-After answers").hasValue(0);
        assertThat(report.throttled).as("429 Retry-After answers").hasValue(0);
        assertThat(report.failovers.get()).as("sessions that moved off a drained node").isPositive();
        assertThat(report.itemsAdded.get()).as("cart items added").isGreaterThan(100);
    }

    private static String secondsSince(long from, long to) {
        return String.format("%.1f", (to - from) / 1e9);
    }

    private static void awaitMoreRequests(LoadReport report, int requests) {
        long target = report.requests.get() + requests;
        await("another " + requests + " requests").atMost(LOAD_LIMIT).pollInterval(Duration.ofMillis(100))
                .failFast("a shopper saw a broken promise (see the report)", () -> !report.violations.isEmpty())
                .until(() -> report.requests.get() >= target);
    }
}
