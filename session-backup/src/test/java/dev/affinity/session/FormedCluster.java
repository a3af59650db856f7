package dev.affinity.session;

import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.nio.file.Path;
import java.time.Duration;

/** The member or backup map of a test cluster whose nodes run in this JVM, once all its members joined and it is safe. */
final class FormedCluster {
    private FormedCluster() {
    }

    /**
     * The backup map seen through the running member of node {@code route} (configured by
     * {@code memberConfig}), once {@code members} members are in its cluster and no partition lacks its backup.
     */
    static IMap<String, BackupRecord> backupMap(Path memberConfig, String route, int members) {
        return member(memberConfig, route, members).getMap("affinity-sessions");
    }

    /** The running member of node {@code route}, once {@code members} members are in its cluster and no partition lacks its backup. */
    static HazelcastInstance member(Path memberConfig, String route, int members) {
        HazelcastInstance member = SharedHazelcast.running(new HazelcastSettings(HazelcastMode.EMBEDDED, memberConfig), route)
                .orElseThrow(() -> new IllegalStateException("node " + route + " has no running member"));
        await().atMost(Duration.ofSeconds(60)).until(() -> member.getCluster().getMembers().size() == members
                && member.getPartitionService().isClusterSafe());
        return member;
    }
}
