package dev.affinity.session;

import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.affinity.session.protection.BackupProtection;
import dev.affinity.testing.LoopbackHazelcast;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Two Jetty nodes, a and b, in this JVM, each with its own embedded member of one test cluster, once it is formed. */
final class TwoNodes implements AutoCloseable {
    final Node a;
    final Node b;
    private final Path configA;
    private final Path configB;
    private final LoopbackHazelcast cluster = new LoopbackHazelcast(2);

    TwoNodes(Map<String, String> settings) throws Exception {
        configA = cluster.memberYaml(0);
        configB = cluster.memberYaml(1);
        a = Node.onJetty(with(settings, "a", configA));
        b = Node.onJetty(with(settings, "b", configB));
        await().atMost(Duration.ofSeconds(60)).until(() -> member().getCluster().getMembers().size() == 2
                && member().getPartitionService().isClusterSafe());
    }

    private Map<String, String> with(Map<String, String> settings, String self, Path config) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("self", self);
        all.put("secret", cluster.secret());
        all.put("write-mode", "sync");
        all.put("write-timeout", "10s");
        all.put("hazelcast.config", config.toString());
        return all;
    }

    /** What the nodes seal their backups with. */
    BackupProtection protection() {
        return TestRecords.protection(cluster.secret());
    }

    /** The map key of the session with id {@code sessionId}. */
    String mapKey(String sessionId) {
        return protection().mapKey(SessionIds.keyOf(sessionId));
    }

    /** The backup record of the session with id {@code sessionId}, or null. */
    BackupRecord record(String sessionId) {
        return map().get(mapKey(sessionId));
    }

    /**
     * Writes the backup of the session with id {@code sessionId} as another copy of node a's own
     * writer would (a dropped copy's late write): a hears nothing of it, so its copy is stale unbeknown to it.
     */
    void makeStaleUnbeknownToA(String sessionId) {
        BackupRecord record = record(sessionId);
        map().executeOnKey(mapKey(sessionId), new ApplyDelta(record.version(), record.writer(), record.copy + 1_000, false, "a",
                record.creationTime, System.currentTimeMillis(), record.maxInactiveSeconds, record.metadata(), Map.of(), List.of()));
    }

    /** The backup map, seen through node a's member. */
    IMap<String, BackupRecord> map() {
        return member().getMap("affinity-sessions");
    }

    /** The backup map with values as stored, whatever their type. */
    IMap<String, Object> rawMap() {
        return member().getMap("affinity-sessions");
    }

    private HazelcastInstance member() {
        return member("a");
    }

    /** The Hazelcast member of node {@code a} or {@code b}. */
    HazelcastInstance member(String node) {
        Path config = node.equals("a") ? configA : configB;
        HazelcastInstance instance = SharedHazelcast.running(new HazelcastSettings(HazelcastMode.EMBEDDED, config), node)
                .orElseThrow(() -> new IllegalStateException("node " + node + " has no running member"));
        return instance;
    }

    @Override
    public void close() throws Exception {
        a.close();
        b.close();
        cluster.close();
    }
}
