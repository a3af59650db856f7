package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
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
 * write survives the first member's end.
 */
class AwaitedReplicaTest {

    @Test
    void aWriteWaitsForItsPartitionsBackupReplicaAndThenSurvivesTheOwnersEnd() throws Exception {
        LoopbackHazelcast cluster = new LoopbackHazelcast(2);
        HazelcastInstance first = Hazelcast.newHazelcastInstance(Config.loadFromFile(cluster.memberYaml(0).toFile()));
        HazelcastInstance second = null;
        try {
            IMap<String, BackupRecord> map = first.getMap("awaited");
            map.size();
            first.getCluster().changeClusterState(ClusterState.NO_MIGRATION);
            second = Hazelcast.newHazelcastInstance(Config.loadFromFile(cluster.memberYaml(1).toFile()));
            HazelcastInstance joined = second;
            await().atMost(Duration.ofSeconds(60)).until(() -> first.getCluster().getMembers().size() == 2
                    && joined.getCluster().getMembers().size() == 2);

            assertThat(map.executeOnKey("s", create("1"))).as("no backup replica yet").isEqualTo(ApplyDelta.AWAITING_REPLICA);
            assertThat(map.get("s")).as("nothing written on the owner either").isNull();

            // refused while the master still lists the migrations it planned at the join
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                first.getCluster().changeClusterState(ClusterState.ACTIVE);
                return true;
            });
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> map.executeOnKey("s", create("2")), version -> version != ApplyDelta.AWAITING_REPLICA);
            String owner = first.getPartitionService().getPartition("s").getOwner().getUuid().equals(first.getLocalEndpoint().getUuid())
                    ? "first" : "second";
            (owner.equals("first") ? first : second).getLifecycleService().terminate();

            IMap<String, BackupRecord> survivor = (owner.equals("first") ? second : first).getMap("awaited");
            assertThat(survivor.get("s")).as("the acknowledged write on the member that outlived its owner").isNotNull()
                    .extracting(record -> new String(record.attributes.get("x"))).isEqualTo("2");
        } finally {
            first.getLifecycleService().terminate();
            if (second != null) {
                second.getLifecycleService().terminate();
            }
        }
    }

    private static ApplyDelta create(String value) {
        return new ApplyDelta(0, "a", 1, false, "a", 0, 0, 600, new byte[0], Map.of("x", value.getBytes()), List.of());
    }
}
