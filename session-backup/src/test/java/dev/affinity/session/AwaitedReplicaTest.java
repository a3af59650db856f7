package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.map.IMap;
import dev.affinity.drain.NodeDrain;
import dev.affinity.session.protection.BackupProtection;
import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A write is acknowledged only where a backup replica holds it too. Two real members; the first
 * holds every partition, and migrations are held back ({@link ClusterState#NO_MIGRATION}) while the
 * second joins, so every partition stays without a backup replica, as it is for a moment after
 * any second member joins. Hazelcast acknowledges a plain write there at once, and a {@code kill -9}
 * of the first member then loses it; {@link ApplyDelta} writes nothing and answers
 * {@link ApplyDelta#AWAITING_REPLICA} until the replicas are in place, and then the acknowledged
 * write survives the first member's end. Through a node in sync mode, the change is answered
 * {@code 503} while there is no replica, and {@code 200} once there is one, and only then. In async
 * mode, a write that waits for its replica does not hold back the others, nor a drain, and its
 * session stays on the node until it is written.
 */
class AwaitedReplicaTest {
    private static final int SESSIONS_TO_TRY = 100;
    private static final String WRITER_THREAD = "affinity-session-writer";

    @Test
    void aWriteWaitsForItsPartitionsBackupReplicaAndThenSurvivesTheOwnersEnd() throws Exception {
        LoopbackHazelcast cluster = new LoopbackHazelcast(2);
        HazelcastInstance first = Hazelcast.newHazelcastInstance(Config.loadFromFile(cluster.memberYaml(0).toFile()));
        HazelcastInstance second = null;
        try {
            IMap<String, BackupRecord> map = first.getMap("awaited");
            map.size(); // assigns the partitions, all to this member
            second = joinWithMigrationsHeld(first, cluster);

            assertThat(map.executeOnKey("s", create("1"))).as("no backup replica yet").isEqualTo(ApplyDelta.AWAITING_REPLICA);
            assertThat(map.get("s")).as("nothing written on the owner either").isNull();

            releaseMigrations(first);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> map.executeOnKey("s", create("2")), version -> version != ApplyDelta.AWAITING_REPLICA);
            boolean firstOwns = first.getPartitionService().getPartition("s").getOwner().localMember();
            (firstOwns ? first : second).getLifecycleService().terminate();

            IMap<String, BackupRecord> survivor = (firstOwns ? second : first).getMap("awaited");
            assertThat(survivor.get("s")).as("the acknowledged write on the member that outlived its owner").isNotNull()
                    .extracting(record -> new String(record.attributes.get("x"))).isEqualTo("2");
        } finally {
            first.getLifecycleService().terminate();
            if (second != null) {
                second.getLifecycleService().terminate();
            }
            cluster.close();
        }
    }

    @Test
    void aSyncChangeIsAnswered503WhileItsPartitionHasNoBackupReplicaAnd200OnceItHasOne() throws Exception {
        HazelcastInstance second = null;
        try (LoopbackHazelcast cluster = new LoopbackHazelcast(2);
             Node a = Node.onJetty(Map.of("self", "a", "secret", cluster.secret(), "write-mode", "sync", "write-timeout", "1s",
                "session-status.enabled", "true", "hazelcast.config", cluster.memberYaml(0).toString()))) {
            HazelcastInstance first = FormedCluster.member(cluster.memberYaml(0), "a", 1);
            Browser browser = new Browser();
            assertThat(browser.get(SessionServlet.at(a.baseUrl(), "op=set&name=a&value=1")).status())
                    .as("a lone member writes: nowhere else to back up to, hazelcast.quorum decides").isEqualTo(200);
            IMap<String, BackupRecord> map = first.getMap("affinity-sessions");
            String key = TestRecords.protection(cluster.secret()).mapKey(SessionIds.keyOf(browser.sessionId().orElseThrow()));

            second = joinWithMigrationsHeld(first, cluster);
            HazelcastInstance joined = second;

            assertThat(browser.get(SessionServlet.at(a.baseUrl(), "op=set&name=b&value=2")).status()).isEqualTo(503);
            assertThat(map.get(key).attributes()).doesNotContainKey("b");
            assertThat(a.status().get("replicaWaits").asLong()).isPositive();

            releaseMigrations(first);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> browser.get(SessionServlet.at(a.baseUrl(), "op=set&name=b&value=2")).status(), status -> status != 503);
            first.getLifecycleService().terminate();
            assertThat(joined.<String, BackupRecord>getMap("affinity-sessions").get(key).attributes())
                    .as("the change answered 200, on the member that outlived the node's").containsKey("b");
        } finally {
            if (second != null) {
                second.getLifecycleService().terminate();
            }
        }
    }

    /**
     * In async mode the writer goes on with the other sessions while one waits for its partition's
     * backup replica. A change of a session whose partition has its replica is written at once (it
     * waited the whole {@code write-timeout} behind the other before), and the waiting change is
     * written once the replicas are made.
     */
    @Test
    void anAsyncWriteWaitingForItsReplicaDoesNotHoldBackTheOthers() throws Exception {
        withSomePartitionsWithoutReplica("60s", farm -> {
            farm.change(farm.waiting());
            farm.change(farm.ready());
            await("the change of the session whose partition has its replica").atMost(Duration.ofSeconds(20))
                    .until(() -> farm.changed(farm.first(), farm.ready()));
            assertThat(farm.changed(farm.first(), farm.waiting())).as("the other, while its partition has no replica").isFalse();

            releaseMigrations(farm.first());
            await("the waiting change, once the replicas are made").atMost(Duration.ofSeconds(60))
                    .until(() -> farm.changed(farm.first(), farm.waiting()));
        });
    }

    /**
     * A node that stops still writes the async change that waits to be sent again for its replica:
     * its writer has stopped when the replicas are made, and the stop's last writes include it.
     * Without a drain ({@code drain.timeout} 0), which would hand the session over first.
     */
    @Test
    void aStoppingNodeWritesTheChangeThatWaitsForItsReplica() throws Exception {
        withSomePartitionsWithoutReplica("60s", farm -> {
            long waitsBefore = farm.node().filter().stats().replicaWaits();
            farm.change(farm.waiting());
            await("the change waiting for its replica").atMost(Duration.ofSeconds(20))
                    .until(() -> farm.node().filter().stats().replicaWaits() > waitsBefore);

            farm.node().filter().drain().timeout(Duration.ZERO);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
                try {
                    farm.node().close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await("the node's writer stopped").atMost(Duration.ofSeconds(60))
                    .until(() -> farm.writers().stream().noneMatch(Thread::isAlive));
            releaseMigrations(farm.first());
            stopping.get(120, TimeUnit.SECONDS);
            assertThat(farm.changed(farm.second(), farm.waiting())).as("the change, on the member that outlived the node's").isTrue();
        });
    }

    /**
     * A draining node hands over the async change that waits for its partition's backup replica:
     * the drain is not held up by it (it waited the whole {@code write-timeout}, 60 s, per session
     * before), the session stays on the node meanwhile (it was dropped, its change lost, once that
     * write timed out), and once the replicas are made the change is in the backup and the session
     * leaves the node.
     */
    @Test
    void aDrainingNodeHandsOverTheChangeThatWaitsForItsReplica() throws Exception {
        withSomePartitionsWithoutReplica("60s", farm -> {
            NodeDrain drain = farm.node().filter().drain();
            long waitsBefore = farm.node().filter().stats().replicaWaits();
            farm.change(farm.waiting());
            await("the change waiting for its replica").atMost(Duration.ofSeconds(20))
                    .until(() -> farm.node().filter().stats().replicaWaits() > waitsBefore);

            long waitingSessions = farm.browsers().keySet().stream().filter(key -> lacksBackupReplica(farm.first(), key)).count();
            assertThat(CompletableFuture.supplyAsync(drain::drain).get(20, TimeUnit.SECONDS)).isTrue();
            await("the sessions whose partitions have their replicas handed over").atMost(Duration.ofSeconds(20))
                    .until(() -> drain.sessions() == waitingSessions);
            assertThat(farm.changed(farm.first(), farm.waiting())).as("not written while its partition has no replica").isFalse();

            releaseMigrations(farm.first());
            await("the waiting session handed over once the replicas are made").atMost(Duration.ofSeconds(60))
                    .until(() -> drain.sessions() == 0);
            assertThat(farm.changed(farm.first(), farm.waiting())).as("its change, in the backup").isTrue();
        });
    }

    /**
     * While the node drains, a request's change is written before its response ends (so the answer
     * waits for {@code write-timeout} here); when that write finds no backup replica in time, the
     * session stays on the node and the change is sent again (it was dropped, and the change lost,
     * before), until the replicas are made.
     */
    @Test
    void aChangeMadeWhileTheNodeDrainsIsKeptUntilItsReplicaIsMade() throws Exception {
        withSomePartitionsWithoutReplica("1s", farm -> {
            NodeDrain drain = farm.node().filter().drain();
            long waitingSessions = farm.browsers().keySet().stream().filter(key -> lacksBackupReplica(farm.first(), key)).count();
            drain.drain();
            await("the sessions whose partitions have their replicas handed over").atMost(Duration.ofSeconds(20))
                    .until(() -> drain.sessions() == waitingSessions);

            long started = System.nanoTime();
            farm.change(farm.waiting());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered once its write had its write-timeout, 1 s")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(drain.sessions()).as("the session whose change waits for its replica, still here").isEqualTo((int) waitingSessions);

            releaseMigrations(farm.first());
            await("the waiting session handed over once the replicas are made").atMost(Duration.ofSeconds(60))
                    .until(() -> drain.sessions() == 0);
            assertThat(farm.changed(farm.first(), farm.waiting())).as("the change made while draining, in the backup").isTrue();
        });
    }

    /**
     * Runs {@code test} on a node in async mode (with {@code writeTimeout}) whose member had
     * two others, after the third's end with migrations held back, so that some partitions have no
     * backup replica; with a session on such a partition and one on a partition that has its replica.
     */
    private static void withSomePartitionsWithoutReplica(String writeTimeout, FarmTest test) throws Exception {
        List<HazelcastInstance> others = new ArrayList<>();
        Set<Thread> writersBefore = writerThreads();
        try (LoopbackHazelcast cluster = new LoopbackHazelcast(3);
             Node a = Node.onJetty(Map.of("self", "a", "secret", cluster.secret(), "write-mode", "async", "write-timeout", writeTimeout,
                "hazelcast.config", cluster.memberYaml(0).toString()))) {
            Set<Thread> writers = writerThreads();
            writers.removeAll(writersBefore);
            others.add(Hazelcast.newHazelcastInstance(Config.loadFromFile(cluster.memberYaml(1).toFile())));
            others.add(Hazelcast.newHazelcastInstance(Config.loadFromFile(cluster.memberYaml(2).toFile())));
            HazelcastInstance first = FormedCluster.member(cluster.memberYaml(0), "a", 3);

            first.getCluster().changeClusterState(ClusterState.NO_MIGRATION);
            others.get(1).getLifecycleService().terminate();
            await("the third member gone, its partitions' owners promoted").atMost(Duration.ofSeconds(60))
                    .until(() -> first.getCluster().getMembers().size() == 2 && first.getPartitionService().getPartitions().stream()
                            .allMatch(partition -> first.getCluster().getMembers().contains(partition.getOwner())));
            BackupProtection protection = TestRecords.protection(cluster.secret());
            Map<Boolean, String> byReplicaAwaited = new HashMap<>();
            Map<String, Browser> browsers = new HashMap<>();
            for (int i = 0; i < SESSIONS_TO_TRY && byReplicaAwaited.size() < 2; i++) {
                Browser browser = new Browser();
                browser.get(SessionServlet.at(a.baseUrl(), "op=set&name=x&value=1")).okBody();
                String key = protection.mapKey(SessionIds.keyOf(browser.sessionId().orElseThrow()));
                browsers.put(key, browser);
                byReplicaAwaited.putIfAbsent(lacksBackupReplica(first, key), key);
            }
            assertThat(byReplicaAwaited).as("a session on each kind of partition, of " + SESSIONS_TO_TRY).hasSize(2);
            test.run(new Farm(a, writers, first, others.get(0), byReplicaAwaited.get(true), byReplicaAwaited.get(false), browsers));
        } finally {
            others.forEach(member -> member.getLifecycleService().terminate());
        }
    }

    /** A test of {@link #withSomePartitionsWithoutReplica}. */
    private interface FarmTest {
        void run(Farm farm) throws Exception;
    }

    /** The session backup's writer threads alive in this JVM. */
    private static Set<Thread> writerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(WRITER_THREAD))
                .collect(Collectors.toCollection(HashSet::new));
    }

    /**
     * The node, its session writer's thread, its member, the member left beside it, and the map
     * keys of a session whose partition waits for a backup replica and of one whose partition has its replica.
     */
    private record Farm(Node node, Set<Thread> writers, HazelcastInstance first, HazelcastInstance second, String waiting, String ready,
                        Map<String, Browser> browsers) {
        void change(String key) {
            browsers.get(key).get(SessionServlet.at(node.baseUrl(), "op=set&name=b&value=2")).okBody();
        }

        boolean changed(HazelcastInstance member, String key) {
            BackupRecord record = member.<String, BackupRecord>getMap("affinity-sessions").get(key);
            return record != null && record.attributes().containsKey("b");
        }
    }

    /** Whether {@code key}'s partition has, in {@code member}'s partition table, no backup replica on a member of the cluster. */
    private static boolean lacksBackupReplica(HazelcastInstance member, String key) {
        com.hazelcast.instance.impl.Node node = ((HazelcastInstanceProxy) member).getOriginal().node;
        return BackupReplica.lacksBackup(node, node.getPartitionService().getPartition(node.getPartitionService().getPartitionId(key)));
    }

    /** Holds the migrations of {@code first}'s cluster back and starts its second member, once both see each other. */
    private static HazelcastInstance joinWithMigrationsHeld(HazelcastInstance first, LoopbackHazelcast cluster) throws Exception {
        first.getCluster().changeClusterState(ClusterState.NO_MIGRATION);
        HazelcastInstance second = Hazelcast.newHazelcastInstance(Config.loadFromFile(cluster.memberYaml(1).toFile()));
        await().atMost(Duration.ofSeconds(60)).until(() -> first.getCluster().getMembers().size() == 2
                && second.getCluster().getMembers().size() == 2);
        return second;
    }

    /** Lets the cluster migrate again; refused while the master still lists the migrations it planned at the join. */
    private static void releaseMigrations(HazelcastInstance first) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            first.getCluster().changeClusterState(ClusterState.ACTIVE);
            return true;
        });
    }

    private static ApplyDelta create(String value) {
        return new ApplyDelta(0, "a", 1, false, "a", 0, 0, 600, new byte[0], Map.of("x", value.getBytes()), List.of());
    }
}
