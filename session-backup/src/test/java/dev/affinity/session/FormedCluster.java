package dev.affinity.session;

import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.nio.file.Path;
import java.time.Duration;

/** The backup map of a test cluster whose nodes run in this JVM, once all its members joined and it is safe. */
final class FormedCluster {
    private FormedCluster() {
    }

    /**
     * The backup map seen through the running member of node {@code route} (configured by
     * {@code memberConfig}), once {@code members} members are in its cluster and no partition lacks its backup.
     */
    static IMap<String, BackupRecord> backupMap(Path memberConfig, String route, int members) {
        HazelcastInstance member = SharedHazelcast.running(new HazelcastSettings(HazelcastMode.EMBEDDED, memberConfig), route)
                .orElseThrow(() -> new IllegalStateException("node " + route + " has no running member"));
        await().atMost(Duration.ofSeconds(60)).until(() -> member.getCluster().getMembers().size() == members
                && member.getPartitionService().isClusterSafe());
        return member.getMap("affinity-sessions");
    }
}
