package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import dev.affinity.testing.LoopbackHazelcast;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two Jetty nodes with the store: a session whose node died and that no other node restored still
 * ends. Its backup entry expires, and Jetty on the node whose member owned the entry invalidates the
 * session loaded from it: the listener declared in {@code web.xml} and the one added in code hear
 * {@code sessionDestroyed} once, a binding listener value hears {@code valueUnbound}, and nothing is
 * written back.
 */
class JettyStoreDeadNodeExpiryTest {
    private static final String ALLOW = "java.lang.*;dev.affinity.session.Probe";

    @Test
    void anOrphanedSessionExpiresInTheBackupAndJettyFiresItsListenersOnce() throws Exception {
        try (LoopbackHazelcast cluster = new LoopbackHazelcast(2);
             StoreNode a = new StoreNode(StoreNode.settings(cluster, 0, "a", "serialization.allow", ALLOW));
             StoreNode b = new StoreNode(StoreNode.settings(cluster, 1, "b", "serialization.allow", ALLOW))) {
            IMap<String, BackupRecord> map = FormedCluster.backupMap(cluster.memberYaml(0), "a", 2);
            RecordingListener.EVENTS.clear();
            ProgrammaticListener.EVENTS.clear();
            Probe.EVENTS.clear();
            long writes = a.stats().writes() + b.stats().writes();
            OrphanedSession orphan = OrphanedSession.put(map, TestRecords.protection(cluster.secret()));

            orphan.awaitOnce(RecordingListener.EVENTS, "destroyed:" + orphan.key + ":1");
            assertThat(ProgrammaticListener.EVENTS).containsExactly("destroyed:" + orphan.key);
            assertThat(Probe.EVENTS).containsExactly("unbound:orphan");
            assertThat(RecordingListener.EVENTS).contains("removed:a=1", "removed:p=Probe(orphan)");
            assertThat(orphan.inMap()).as("not written back").isFalse();
            assertThat(a.stats().writes() + b.stats().writes()).isEqualTo(writes);
        }
    }
}
