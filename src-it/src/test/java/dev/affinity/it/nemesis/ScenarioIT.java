package dev.affinity.it.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.affinity.it.nemesis.Shopper.Answer;
import dev.affinity.testing.TestBudgets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The faults of issue 13 as scenarios on the demo farm ({@code write-mode=sync}, the nodes' default
 * {@code write-timeout} of 2 s). Split clusters are never merged here on their own (the merge delay
 * is an hour): a node left in a minority stays there until the test kills it, so each minority is
 * seen for as long as the test needs; a node that was split off is killed and restarted afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScenarioIT {
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);
    /** The HTTP round trip and the request's own work around its write budget, on a machine as busy as two builds make it. */
    private static final Duration PACE_SLACK = Duration.ofSeconds(1);
    /** How long a status may wait for the members to answer whether the cluster is safe (ClusterSafety's wait). */
    private static final Duration STATUS_BUDGET = Duration.ofSeconds(1);
    /**
     * The promise under test (this test's javadoc, testing.md: "a take-over heard within 2 s"; within
     * milliseconds, a map entry event): measured to the answer of the status request that showed the
     * drop, so {@link #PACE_SLACK} is allowed on top for that request's round trip to node1.
     */
    private static final Duration TAKE_OVER_HEARD_WITHIN = Duration.ofSeconds(2);
    /** How long a frozen member may take to be dropped by the others, and a counter to answer again after that. */
    private static final Duration MEMBER_DROP_BOUND = Duration.ofSeconds(NemesisFarm.HEARTBEAT_TIMEOUT_SECONDS * 6L);

    private NemesisFarm farm;
    @RegisterExtension
    final WarningsOnFailure warningsOnFailure = new WarningsOnFailure(() -> farm);

    @BeforeAll
    void startFarm() throws Exception {
        farm = NemesisFarm.start("sync", Duration.ofHours(1));
    }

    @AfterAll
    void stopFarm() {
        if (farm != null) {
            farm.close();
        }
    }

    /**
     * After node3 took a session over (its id re-issued with {@code .node3}), the old id sent to
     * node1 is never answered from node1's stale copy: node1 drops it within 2 s, and a change sent
     * there is either refused or made on top of node3's, never answered {@code 200} and lost.
     */
    @Test
    @Order(1)
    void aChangeThroughAStaleCopyIsNeverAnswered200AndThenLost() {
        String node1 = farm.url("node1");
        String node3 = farm.url("node3");
        String ownedByNode3 = keyOwnedBy("node3");
        Shopper shopper = new Shopper();
        Answer first = shopper.add(node1 + "/cart/items", "apple");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        String oldId = shopper.session();
        assertThat(oldId).endsWith(".node1");
        long dropped = droppedCopies(node1);

        Answer takenOver = shopper.get(node3 + "/cart?id=" + ownedByNode3);
        assertThat(takenOver.node()).isEqualTo("node3");
        assertThat(shopper.session()).as("re-issued by node3").endsWith(".node3");
        Answer second = shopper.add(node3 + "/cart/items?id=" + ownedByNode3, "pear");
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        long changed = System.nanoTime();
        AtomicLong heard = new AtomicLong();
        await("node1 drops its copy").atMost(TestBudgets.EVENTUALLY).pollInterval(Duration.ofMillis(50))
                .until(() -> droppedCopies(node1) > dropped && heard.compareAndSet(0, System.nanoTime()));
        assertThat(Duration.ofNanos(heard.get() - changed)).as("node1 heard of the take-over, its status's round trip included")
                .isLessThanOrEqualTo(TAKE_OVER_HEARD_WITHIN.plus(PACE_SLACK));

        Answer stale = shopper.getWith(node1 + "/cart", oldId);
        assertThat(stale.status()).as(stale.body()).isEqualTo(200);
        assertThat(stale.quantity("pear")).as("node1 serves node3's change, not its old copy").isEqualTo(1);
        Answer third = shopper.addWith(node1 + "/cart/items", oldId, "tea");
        assertThat(third.status()).as(third.body()).isIn(200, 503);

        Answer followed = shopper.get(farm.balancer() + "/cart");
        assertThat(followed.status()).as(followed.body()).isEqualTo(200);
        assertThat(followed.quantity("apple")).isEqualTo(1);
        assertThat(followed.quantity("pear")).isEqualTo(1);
        assertThat(followed.quantity("tea")).as("the change answered " + third.status()).isEqualTo(third.status() == 200 ? 1 : 0);
    }

    /**
     * While node3 is frozen, before and after its member is dropped, no counter request on node1 waits longer than
     * write-timeout + {@link #PACE_SLACK}: without the request's budget it would wait for the heartbeat timeout
     * (15 s) or Hazelcast's invocation timeout. Node3 stays frozen until node1's cluster has dropped its member (a
     * busy machine can make that take longer than the heartbeat timeout) and every shopper's counter answers
     * {@code 200} again. Node1's session status answers meanwhile within its one-second wait, saying the cluster
     * is not safe, instead of waiting for the frozen member.
     */
    @Test
    @Order(2)
    void aCounterOnAHealthyNodeWaitsAtMostTheWriteTimeoutWhileAnotherNodeIsFrozen() throws Exception {
        String node1 = farm.url("node1");
        List<Shopper> shoppers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Shopper shopper = new Shopper();
            assertThat(shopper.get(node1 + "/counter").status()).isEqualTo(200);
            shoppers.add(shopper);
        }
        List<Long> millis = new ArrayList<>();
        Map<Integer, Integer> beforeDrop = new HashMap<>();
        Map<Integer, Integer> afterDrop = new HashMap<>();
        List<Long> statusMillis = new ArrayList<>();
        List<Boolean> safeBeforeDrop = new ArrayList<>();
        boolean dropped = false;
        farm.pause("node3");
        try {
            long bound = System.nanoTime() + MEMBER_DROP_BOUND.toNanos();
            for (int i = 0; !dropped && System.nanoTime() < bound; i++) {
                long start = System.nanoTime();
                Optional<JsonNode> status = farm.probe().sessionStatus(node1);
                statusMillis.add((System.nanoTime() - start) / 1_000_000);
                dropped = status.map(s -> s.path("clusterSize").asInt() == 2).orElse(false);
                if (!dropped) {
                    status.ifPresent(s -> safeBeforeDrop.add(s.path("clusterSafe").asBoolean()));
                    timedCounter(shoppers.get(i % shoppers.size()), node1, millis, beforeDrop);
                }
            }
            for (Shopper shopper : shoppers) {
                await("a counter answered 200 once node3's member is dropped").atMost(MEMBER_DROP_BOUND).pollInSameThread()
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> timedCounter(shopper, node1, millis, afterDrop) == 200);
            }
        } finally {
            farm.resume("node3");
        }
        System.out.println("Counter requests on node1 while node3 was frozen: " + millis.size() + ", statuses before its member was dropped "
                + beforeDrop + ", after " + afterDrop + ", longest " + millis.stream().mapToLong(Long::longValue).max().orElse(0)
                + " ms; node1's session status in " + statusMillis + " ms, clusterSafe " + safeBeforeDrop);
        rejoin("node3");
        assertThat(dropped).as("node1's cluster dropped node3's member within " + MEMBER_DROP_BOUND.toSeconds() + " s").isTrue();
        assertThat(millis).as("request durations in ms").allMatch(ms -> ms <= WRITE_TIMEOUT.plus(PACE_SLACK).toMillis());
        assertThat(statusMillis).as("node1's session status durations in ms").allMatch(ms -> ms <= STATUS_BUDGET.plus(PACE_SLACK).toMillis());
        assertThat(safeBeforeDrop).as("clusterSafe while node3 is frozen and still a member").contains(false);
        assertThat(beforeDrop.keySet()).isSubsetOf(200, 503);
        assertThat(afterDrop.keySet()).isSubsetOf(200, 503);
    }

    /** Sends one counter request of {@code shopper} to {@code node}, records its duration and status; answers the status. */
    private static int timedCounter(Shopper shopper, String node, List<Long> millis, Map<Integer, Integer> statuses) {
        long start = System.nanoTime();
        int status = shopper.get(node + "/counter").status();
        millis.add((System.nanoTime() - start) / 1_000_000);
        statuses.merge(status, 1, Integer::sum);
        return status;
    }

    /**
     * Node1 frozen beyond the heartbeat timeout, its sessions changed meanwhile through node2; resumed,
     * its member is alone in a minority: it answers {@code 503}, never {@code 200}, to changes; after
     * {@code kill -9} of node1, every change answered {@code 200} is there.
     */
    @Test
    @Order(3)
    void aFrozenNodeInAMinorityAnswers503AndEveryChangeAnswered200Survives() throws Exception {
        String node1 = farm.url("node1");
        String node2 = farm.url("node2");
        List<Shopper> shoppers = new ArrayList<>();
        Map<Shopper, Map<String, Integer>> acknowledged = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            Shopper shopper = new Shopper();
            assertThat(shopper.add(node1 + "/cart/items", "apple").status()).isEqualTo(200);
            shoppers.add(shopper);
            acknowledged.put(shopper, new HashMap<>(Map.of("apple", 1)));
        }
        Map<Shopper, String> oldIds = new HashMap<>();
        shoppers.forEach(s -> oldIds.put(s, s.session()));

        farm.pause("node1");
        try {
            await("node2 sees node1 down").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> farm.probe().healthOf(node2, "node1").equals("down"));
            for (Shopper shopper : shoppers.subList(0, 3)) {
                // a 503 (the backup not readable until node1's member is dropped) changed nothing and is sent again
                Answer moved = await("a change through node2 while node1 is frozen").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200)).until(() -> shopper.add(node2 + "/cart/items", "pear"), a -> a.status() != 503);
                assertThat(moved.status()).as(moved.body()).isEqualTo(200);
                acknowledged.get(shopper).merge("pear", 1, Integer::sum);
            }
            // the changes may not have waited for node1's member (their partitions and backups elsewhere):
            // node1 stays frozen until the others have dropped its member, so that it resumes alone
            await("node2's cluster drops node1's member").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> farm.probe().clusterSize(node2) == 2);
        } finally {
            farm.resume("node1");
        }
        await("node1 sees itself in a minority").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> farm.probe().sessionStatus(node1).map(s -> s.path("reason").asText()).orElse("").equals("minority: 1 of 3"));

        List<Answer> inMinority = new ArrayList<>();
        for (Shopper shopper : shoppers) {
            inMinority.add(shopper.addWith(node1 + "/cart/items", oldIds.get(shopper), "tea"));
        }
        inMinority.add(new Shopper().add(node1 + "/cart/items", "tea"));
        assertThat(farm.probe().sessionStatus(node1).map(s -> s.path("reason").asText()).orElse(""))
                .as("still in a minority").isEqualTo("minority: 1 of 3");
        assertThat(inMinority).as("changes sent to node1 in a minority").allSatisfy(answer -> assertThat(answer.status()).isEqualTo(503));

        farm.kill("node1");
        for (Shopper shopper : shoppers) {
            Answer cart = await("the cart through the balancer").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> shopper.get(farm.balancer() + "/cart"), a -> a.status() == 200);
            acknowledged.get(shopper).forEach((sku, quantity) ->
                    assertThat(cart.quantity(sku)).as(sku + " of " + shopper.session()).isGreaterThanOrEqualTo(quantity));
        }
        restartAndHeal("node1");
    }

    /** Kills and restarts a node that was split off (split clusters are not merged here), then heals the farm. */
    private void rejoin(String node) throws Exception {
        farm.kill(node);
        restartAndHeal(node);
    }

    /**
     * Restarts a killed node and waits until the farm is whole; a node that a busy machine split off
     * meanwhile (its heartbeats late), which nothing merges here, is killed and restarted too.
     */
    private void restartAndHeal(String node) throws Exception {
        farm.restart(node);
        for (int round = 0; round < 3; round++) {
            List<String> loners = farm.awaitWholeOrLoners();
            if (loners.isEmpty()) {
                return;
            }
            for (String loner : loners) {
                farm.kill(loner);
                farm.restart(loner);
            }
        }
        farm.awaitWhole();
    }

    private long droppedCopies(String node) {
        return farm.probe().sessionStatus(node).map(s -> s.path("droppedCopies").asLong()).orElse(-1L);
    }

    private String keyOwnedBy(String node) {
        for (int i = 0; i < 1_000; i++) {
            if (farm.probe().ownerOf(farm.url("node1"), "k" + i).equals(node)) {
                return "k" + i;
            }
        }
        throw new IllegalStateException("no key of k0..k999 is owned by " + node);
    }
}
