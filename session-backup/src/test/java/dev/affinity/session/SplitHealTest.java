package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.RoutingMode;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.affinity.testing.ChildJvm;
import dev.affinity.testing.LoopbackHazelcast;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real split and heal of three member processes: the larger side (two members) and the smaller
 * side (one) each take writes, then the smaller merges into the larger through
 * {@link SessionMergePolicy}. No older version wins: a later write of the same copy of a session
 * survives from either side; between different writers the larger side's record stays; a session
 * only one side has is kept; a {@code map-operations} session stays whole from the larger side.
 *
 * <p>The split is made by pausing the third member ({@code SIGSTOP}) longer than the heartbeat
 * timeout (4 s): the other two, m1 their master, drop it and take the larger side's writes; resumed,
 * the third finds itself alone and takes the smaller side's writes. The members look for split
 * clusters only when told ({@link MemberMain}), so the sides meet when the test has written both:
 * then the third looks, finds the larger cluster and merges into it.
 */
class SplitHealTest {
    private static final String RECORDS = "affinity-sessions";
    private static final String BYTES = "affinity-bytes";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void afterASplitHealsNoOlderVersionWins() throws Exception {
        try (LoopbackHazelcast cluster = new LoopbackHazelcast(3);
             ChildJvm m1 = member(cluster, 0)) {
            m1.awaitLine("READY", NodeProcess.READY_TIMEOUT);
            try (ChildJvm m2 = member(cluster, 1); ChildJvm m3 = member(cluster, 2)) {
                m2.awaitLine("READY", NodeProcess.READY_TIMEOUT);
                m3.awaitLine("READY", NodeProcess.READY_TIMEOUT);
                splitAndHeal(cluster, m1, m2, m3);
            }
        }
    }

    /** m1 is the master (the oldest member), so the larger side keeps its master. */
    private static void splitAndHeal(LoopbackHazelcast cluster, ChildJvm m1, ChildJvm m2, ChildJvm m3) throws Exception {
        HazelcastInstance larger = client(cluster, 0);
        HazelcastInstance smaller = client(cluster, 2);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> larger.getCluster().getMembers().size() == 3
                    && smaller.getCluster().getMembers().size() == 3);
            IMap<String, BackupRecord> map = larger.getMap(RECORDS);
            for (String key : List.of("newer-here", "newer-there", "conflict", "older-here")) {
                assertThat(write(map, key, 0, "w1", 1, "before")).isEqualTo(1);
            }
            assertThat(new MapOperationsStore(larger, BYTES).apply("whole", delta(0, "w1", 1, "before"), TIMEOUT)).isEqualTo(1);

            m3.pause();
            await("m1 and m2 without m3").atMost(Duration.ofSeconds(60)).until(() -> larger.getCluster().getMembers().size() == 2);
            awaitWritable(larger);
            assertThat(write(map, "newer-there", 1, "w2", 7, "there")).isEqualTo(2);
            assertThat(write(map, "conflict", 1, "w2", 7, "there")).isEqualTo(2);
            assertThat(write(map, "older-here", 1, "w1", 1, "there")).isEqualTo(2);
            assertThat(write(map, "older-here", 2, "w1", 1, "there")).isEqualTo(3);

            m3.resume();
            await("m3 alone").atMost(Duration.ofSeconds(60)).until(() -> smaller.getCluster().getMembers().size() == 1);
            awaitWritable(smaller);
            IMap<String, BackupRecord> alone = smaller.getMap(RECORDS);
            assertThat(write(alone, "newer-here", 1, "w1", 1, "here")).isEqualTo(2);
            assertThat(write(alone, "conflict", 1, "w1", 1, "here")).isEqualTo(2);
            assertThat(write(alone, "conflict", 2, "w1", 1, "here")).isEqualTo(3);
            assertThat(write(alone, "only-here", 0, "w3", 1, "here")).isEqualTo(1);
            assertThat(new MapOperationsStore(smaller, BYTES).apply("whole", delta(1, "w1", 1, "here"), TIMEOUT)).isEqualTo(2);

            m3.send("merge");
            await("m3 merged").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> larger.getCluster().getMembers().size() == 3 && map.containsKey("only-here"));

            assertThat(stampAndValue(map, "newer-here")).as("a later write of the same copy, from the smaller side")
                    .isEqualTo(new WriteStamp("w1", 1, 2) + " here");
            assertThat(stampAndValue(map, "newer-there")).as("the older version of the smaller side never wins")
                    .isEqualTo(new WriteStamp("w2", 7, 2) + " there");
            assertThat(stampAndValue(map, "conflict")).as("different writers: the larger side's")
                    .isEqualTo(new WriteStamp("w2", 7, 2) + " there");
            assertThat(stampAndValue(map, "older-here")).isEqualTo(new WriteStamp("w1", 1, 3) + " there");
            assertThat(stampAndValue(map, "only-here")).isEqualTo(new WriteStamp("w3", 1, 1) + " here");
            BackupRecord whole = new MapOperationsStore(larger, BYTES).read("whole", TIMEOUT);
            assertThat(whole.version() + " " + new String(whole.attributes().get("v"), StandardCharsets.UTF_8))
                    .as("a map-operations session stays whole from the larger side").isEqualTo("1 before");
        } finally {
            larger.shutdown();
            smaller.shutdown();
        }
    }

    private static ChildJvm member(LoopbackHazelcast cluster, int index) throws Exception {
        return ChildJvm.main("member-" + index, NodeProcess.JVM_OPTIONS, MemberMain.class, cluster.memberXml(index).toString(),
                RECORDS, BYTES);
    }

    /** A client that talks to member {@code index} only, so it sees that member's side of a split. */
    private static HazelcastInstance client(LoopbackHazelcast cluster, int index) throws Exception {
        ClientConfig config = new YamlClientConfigBuilder(cluster.clientYaml().toFile()).build();
        config.getNetworkConfig().getAddresses().clear();
        config.getNetworkConfig().addAddress(cluster.address(index));
        config.getNetworkConfig().getClusterRoutingConfig().setRoutingMode(RoutingMode.SINGLE_MEMBER);
        return HazelcastClient.newHazelcastClient(config);
    }

    /**
     * Waits until a side's writes are acknowledged again: its partition table no longer expects
     * backups on the members it dropped, as its members report.
     */
    private static void awaitWritable(HazelcastInstance side) {
        await("every backup in place").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> side.getExecutorService("probe").submit(new ClusterSafe()).get(5, TimeUnit.SECONDS));
    }

    private static long write(IMap<String, BackupRecord> map, String key, long base, String writer, long copy, String value) {
        return map.executeOnKey(key, delta(base, writer, copy, value));
    }

    private static ApplyDelta delta(long base, String writer, long copy, String value) {
        return new ApplyDelta(base, writer, copy, false, "r", 1, System.currentTimeMillis(), 3_600,
                new byte[0], Map.of("v", value.getBytes(StandardCharsets.UTF_8)), List.of());
    }

    private static String stampAndValue(IMap<String, BackupRecord> map, String key) {
        BackupRecord record = map.get(key);
        return record.stamp() + " " + new String(record.attributes().get("v"), StandardCharsets.UTF_8);
    }
}
