package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.affinity.session.protection.BackupProtection;
import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Rotating the farm secret: a node given the new {@code secret} and the old one as
 * {@code secret.previous} reads what was written under the old one, and moves it under the new
 * one with its next write (the old entry is deleted).
 */
class SecretRotationTest {
    @AutoClose
    private LoopbackHazelcast cluster;

    @Test
    void aBackupWrittenWithThePreviousSecretIsReadAndRewrittenWithTheNewOne() throws Exception {
        cluster = new LoopbackHazelcast(1);
        Path config = cluster.memberYaml(0);
        String previous = "previous-" + UUID.randomUUID();
        String current = "current-" + UUID.randomUUID();
        BackupProtection old = BackupProtection.of(previous, Optional.empty());
        BackupProtection rotated = BackupProtection.of(current, Optional.empty());
        try (Node node = Node.onJetty(Map.of("self", "r", "secret", current, "secret.previous", previous,
                "hazelcast.config", config.toString()))) {
            IMap<String, BackupRecord> map = member(config).getMap("affinity-sessions");
            String key = SessionIds.newKey();
            map.put(old.mapKey(key), TestRecords.sealed(old, key, "old", 4, 600, Map.of("x", TestRecords.serialized("kept"))));

            Browser browser = new Browser(key + ".old");
            assertThat(browser.get(SessionServlet.at(node.baseUrl(), "op=get&name=x")).okBody()).isEqualTo("kept");
            assertThat(browser.sessionId().orElseThrow()).isEqualTo(key + ".r");

            await().atMost(Duration.ofSeconds(10)).until(() -> !map.containsKey(old.mapKey(key)));
            assertThat(map.get(rotated.mapKey(key)).attributes()).containsOnlyKeys("x");
            assertThat(new Browser(key + ".old").get(SessionServlet.at(node.baseUrl(), "op=get&name=x")).okBody()).isEqualTo("kept");
        }
    }

    private static HazelcastInstance member(Path config) {
        HazelcastInstance instance = SharedHazelcast.acquire(new HazelcastSettings(HazelcastMode.EMBEDDED, config), "r",
                Optional.empty(), SecretRotationTest.class.getClassLoader());
        SharedHazelcast.release(instance);
        return instance;
    }
}
