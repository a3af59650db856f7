package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.affinity.testing.LoopbackHazelcast;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The versioned write rule, run by a real member. */
class ApplyDeltaTest {
    private static HazelcastInstance member;
    private static IMap<String, BackupRecord> map;

    @BeforeAll
    static void start() throws Exception {
        member = Hazelcast.newHazelcastInstance(Config.loadFromFile(new LoopbackHazelcast(1).memberYaml(0).toFile()));
        map = member.getMap("versions");
    }

    @AfterAll
    static void stop() {
        member.getLifecycleService().terminate();
    }

    @Test
    void aWriteAppliesOnlyOnTheVersionItBuildsOnOrOnItsWritersOwnLaterWrites() {
        assertThat(map.executeOnKey("s", delta(0, "a", "x", "1"))).isEqualTo(1L);
        assertThat(map.executeOnKey("s", delta(0, "a", "x", "2"))).as("a's own write timed out but applied").isEqualTo(2L);
        assertThat(map.executeOnKey("s", delta(2, "b", "x", "3"))).as("b took over").isEqualTo(3L);
        assertThat(map.executeOnKey("s", delta(2, "a", "x", "stale"))).isEqualTo(ApplyDelta.STALE);
        assertThat(map.executeOnKey("s", new ApplyDelta(2, "a", true, null, 0, 0, 0, null, Map.of(), List.of()))).isEqualTo(ApplyDelta.STALE);
        assertThat(new String(map.get("s").attributes().get("x"))).isEqualTo("3");
        assertThat(map.executeOnKey("gone", delta(5, "a", "x", "1"))).isEqualTo(ApplyDelta.MISSING);
    }

    private static ApplyDelta delta(long base, String writer, String name, String value) {
        return new ApplyDelta(base, writer, false, writer, 1, 1, 60, new byte[0], Map.of(name, value.getBytes()), List.of());
    }
}
