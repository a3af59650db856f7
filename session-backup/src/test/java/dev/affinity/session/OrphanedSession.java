package dev.affinity.session;

import static org.awaitility.Awaitility.await;

import com.hazelcast.map.IMap;
import dev.affinity.session.protection.BackupProtection;
import dev.affinity.testing.TestBudgets;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The backup of a session whose node (route {@code gone}) died and that no other node restored: put
 * into the map with a one-second time to live, its attributes {@code a} = {@code "1"} and {@code p} =
 * a {@link Probe} labelled {@code orphan}, for the tests of what each front door does when it expires.
 */
final class OrphanedSession {
    final String key;
    final String mapKey;
    private final IMap<String, BackupRecord> map;

    private OrphanedSession(String key, String mapKey, IMap<String, BackupRecord> map) {
        this.key = key;
        this.mapKey = mapKey;
        this.map = map;
    }

    /** Puts a new orphaned session's backup, sealed as the nodes of {@code protection}'s farm seal theirs, into {@code map}. */
    static OrphanedSession put(IMap<String, BackupRecord> map, BackupProtection protection) throws IOException {
        String key = SessionIds.newKey();
        String mapKey = protection.mapKey(key);
        map.put(mapKey, TestRecords.sealed(protection, key, "gone", 3, 1,
                Map.of("a", TestRecords.serialized("1"), "p", TestRecords.serialized(new Probe("orphan")))), 1, TimeUnit.SECONDS);
        return new OrphanedSession(key, mapKey, map);
    }

    /**
     * Waits until {@code events} holds {@code event}, looking the key up meanwhile (which expires the
     * entry as soon as it is due rather than at Hazelcast's next background sweep), then that it holds
     * it exactly once for a second.
     */
    void awaitOnce(Collection<String> events, String event) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            map.containsKey(mapKey);
            return events.contains(event);
        });
        // the second it holds is the check (a second event would never leave); atMost only gives up
        await().during(Duration.ofSeconds(1)).atMost(TestBudgets.EVENTUALLY)
                .until(() -> events.stream().filter(event::equals).count() == 1);
    }

    /** Whether the map holds the entry (again). */
    boolean inMap() {
        return map.containsKey(mapKey);
    }
}
