package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import dev.affinity.testing.LoopbackHazelcast;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two Tomcat nodes with the manager: a session whose node died and that no other node restored still
 * ends. Its backup entry expires, and the node whose member owned the entry has Tomcat expire the
 * session rebuilt from it: the listener declared in {@code web.xml} hears {@code sessionDestroyed}
 * once, a binding listener value hears {@code valueUnbound}, and nothing is written back nor kept in
 * a manager.
 */
class ManagerDeadNodeExpiryTest {

    @Test
    void anOrphanedSessionExpiresInTheBackupAndTomcatFiresItsListenersOnce() throws Exception {
        try (LoopbackHazelcast cluster = new LoopbackHazelcast(2);
             ManagerNode a = ManagerNode.start(settings(cluster, "a", 0));
             ManagerNode b = ManagerNode.start(settings(cluster, "b", 1))) {
            IMap<String, BackupRecord> map = FormedCluster.backupMap(cluster.memberYaml(0), "a", 2);
            RecordingListener.EVENTS.clear();
            Probe.EVENTS.clear();
            long writes = a.manager().stats().writes() + b.manager().stats().writes();
            OrphanedSession orphan = OrphanedSession.put(map, TestRecords.protection(cluster.secret()));

            orphan.awaitOnce(RecordingListener.EVENTS, "destroyed:" + orphan.key + ".gone:1");
            assertThat(Probe.EVENTS).containsExactly("unbound:orphan");
            assertThat(RecordingListener.EVENTS).contains("removed:a=1", "removed:p=Probe(orphan)");
            assertThat(orphan.inMap()).as("not written back").isFalse();
            assertThat(a.manager().stats().writes() + b.manager().stats().writes()).isEqualTo(writes);
            assertThat(a.manager().findSessions()).as("not kept by a").isEmpty();
            assertThat(b.manager().findSessions()).as("not kept by b").isEmpty();
        }
    }

    private static Map<String, String> settings(LoopbackHazelcast cluster, String self, int member) {
        return Map.of("self", self, "secret", cluster.secret(), "hazelcast.config", cluster.memberYaml(member).toString(),
                "write-mode", "sync", "write-timeout", "10s", "serialization.allow", "java.lang.*;dev.affinity.session.Probe");
    }
}
