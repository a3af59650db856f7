package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A write is acknowledged only where a backup replica holds it too. Two real members; the first
 * holds every partition, and migrations are held back ({@link ClusterState#NO_MIGRATION}) while the
 * second joins, so every partition stays without a backup replica, as it is for a moment after
 * any second member joins. Hazelcast acknowledges a plain write there at once, and a {@code kill -9}
 * of the first member then loses it; {@link ApplyDelta} writes nothing and answers
 * {@link ApplyDelta#AWAITING_REPLICA} until the replicas are in place, and then the acknowledged
 * write survives the first member's end. Through a node in sync mode, the change is answered
 * {@code 503} while there is no replica, and {@code 200} once there is one, and only then.
 */
class AwaitedReplicaTest {

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
        }
    }

    @Test
    void aSyncChangeIsAnswered503WhileItsPartitionHasNoBackupReplicaAnd200OnceItHasOne() throws Exception {
        LoopbackHazelcast cluster = new LoopbackHazelcast(2);
        HazelcastInstance second = null;
        try (Node a = Node.onJetty(Map.of("self", "a", "secret", cluster.secret(), "write-mode", "sync", "write-timeout", "1s",
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
