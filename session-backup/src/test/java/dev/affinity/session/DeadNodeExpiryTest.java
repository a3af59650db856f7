package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A session whose node died and that no other node restored still ends: its backup entry expires,
 * and the member that owned the entry fires {@code sessionDestroyed} and the unbinding events, once.
 */
class DeadNodeExpiryTest {

    @Test
    void anOrphanedSessionExpiresInTheBackupAndItsListenersFireOnce() throws Exception {
        try (TwoNodes nodes = new TwoNodes(Map.of("listeners", RecordingListener.class.getName(),
                "serialization.allow", "java.lang.*;dev.affinity.session.Probe"))) {
            RecordingListener.EVENTS.clear();
            Probe.EVENTS.clear();
            OrphanedSession orphan = OrphanedSession.put(nodes.map(), nodes.protection());

            orphan.awaitOnce(RecordingListener.EVENTS, "destroyed:" + orphan.key + ".gone:1");
            assertThat(Probe.EVENTS).containsExactly("unbound:orphan");
            assertThat(orphan.inMap()).isFalse();
        }
    }
}
