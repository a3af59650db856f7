package dev.affinity.session;

import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Two Jetty nodes, a and b, in this JVM, each with its own embedded member of one test cluster, once it is formed. */
final class TwoNodes implements AutoCloseable {
    final JettyNode a;
    final JettyNode b;
    private final Path configA;
    private final Path configB;

    TwoNodes(Map<String, String> settings) throws Exception {
        TestCluster cluster = new TestCluster(2);
        configA = cluster.memberConfig(0);
        configB = cluster.memberConfig(1);
        a = new JettyNode(with(settings, "a", configA));
        b = new JettyNode(with(settings, "b", configB));
        await().atMost(Duration.ofSeconds(60)).until(() -> member().getCluster().getMembers().size() == 2
                && member().getPartitionService().isClusterSafe());
    }

    private static Map<String, String> with(Map<String, String> settings, String self, Path config) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("self", self);
        all.put("write-mode", "sync");
        all.put("write-timeout", "10s");
        all.put("hazelcast.config", config.toString());
        return all;
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
        Optional<Path> config = Optional.of(node.equals("a") ? configA : configB);
        HazelcastInstance instance = SharedHazelcast.running(new HazelcastSettings(HazelcastMode.EMBEDDED, config), node)
                .orElseThrow(() -> new IllegalStateException("node " + node + " has no running member"));
        return instance;
    }

    @Override
    public void close() throws Exception {
        a.close();
        b.close();
    }
}
