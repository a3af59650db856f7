package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A session whose node died and that no other node restored still ends: its backup entry expires,
 * and the member that owned the entry fires {@code sessionDestroyed} and the unbinding events, once.
 * (The test looks the key up while it waits, which expires the entry as soon as it is due rather
 * than at Hazelcast's next background sweep.)
 */
class DeadNodeExpiryTest {

    @Test
    void anOrphanedSessionExpiresInTheBackupAndItsListenersFireOnce() throws Exception {
        try (TwoNodes nodes = new TwoNodes(Map.of("listeners", RecordingListener.class.getName(),
                "serialization.allow", "java.lang.*;dev.affinity.session.Probe"))) {
            RecordingListener.EVENTS.clear();
            Probe.EVENTS.clear();
            String key = SessionIds.newKey();
            BackupRecord record = TestRecords.sealed(nodes.protection(), key, "gone", 3, 1,
                    Map.of("a", TestRecords.serialized("1"), "p", TestRecords.serialized(new Probe("orphan"))));
            String mapKey = nodes.protection().mapKey(key);
            nodes.map().put(mapKey, record, 1, TimeUnit.SECONDS);

            String destroyed = "destroyed:" + key + ".gone:1";
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                nodes.map().containsKey(mapKey);
                return RecordingListener.EVENTS.contains(destroyed);
            });
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> RecordingListener.EVENTS.stream().filter(destroyed::equals).count() == 1);
            assertThat(Probe.EVENTS).containsExactly("unbound:orphan");
            assertThat(nodes.map().containsKey(mapKey)).isFalse();
        }
    }
}
