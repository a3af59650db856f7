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
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The versioned write rule, run by a real member. */
class ApplyDeltaTest {
    @AutoClose
    private static LoopbackHazelcast cluster;
    private static HazelcastInstance member;
    private static IMap<String, BackupRecord> map;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LoopbackHazelcast(1);
        member = Hazelcast.newHazelcastInstance(Config.loadFromFile(cluster.memberYaml(0).toFile()));
        map = member.getMap("versions");
    }

    @AfterAll
    static void stop() {
        member.getLifecycleService().terminate();
    }

    @Test
    void aWriteAppliesOnlyOnTheVersionItBuildsOnOrOnLaterWritesOfItsOwnCopy() {
        assertThat(map.executeOnKey("s", delta(0, "a", 1, "x", "1"))).isEqualTo(1L);
        assertThat(map.executeOnKey("s", delta(0, "a", 1, "x", "2"))).as("a's own write timed out but applied").isEqualTo(2L);
        assertThat(map.executeOnKey("s", delta(1, "a", 2, "x", "other copy"))).as("another copy on the same node").isEqualTo(ApplyDelta.STALE);
        assertThat(map.executeOnKey("s", delta(2, "b", 1, "x", "3"))).as("b took over").isEqualTo(3L);
        assertThat(map.executeOnKey("s", delta(2, "a", 1, "x", "stale"))).isEqualTo(ApplyDelta.STALE);
        assertThat(map.executeOnKey("s", new ApplyDelta(2, "a", 1, true, null, 0, 0, 0, null, Map.of(), List.of()))).isEqualTo(ApplyDelta.STALE);
        assertThat(new String(map.get("s").attributes().get("x"))).isEqualTo("3");
        assertThat(map.get("s").stamp()).isEqualTo(new WriteStamp("b", 1, 3));
        assertThat(map.executeOnKey("gone", delta(5, "a", 1, "x", "1"))).isEqualTo(ApplyDelta.MISSING);
    }

    private static ApplyDelta delta(long base, String writer, long copy, String name, String value) {
        return new ApplyDelta(base, writer, copy, false, writer, 1, 1, 60, new byte[0], Map.of(name, value.getBytes()), List.of());
    }
}
