package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code hazelcast.apply=map-operations}: plain byte[] entries, the same versions, deltas, failover and take-over events. */
class MapOperationsStoreTest {
    private static TwoNodes nodes;

    @BeforeAll
    static void start() throws Exception {
        nodes = new TwoNodes(Map.of("hazelcast.apply", "map-operations"));
    }

    @AfterAll
    static void stop() throws Exception {
        nodes.close();
    }

    @Test
    void sessionsFailOverAndATakeOverIsHeardAndNoChangeIsLost() {
        StaleCopies.aTakeOverIsHeardAndNoChangeIsLost(nodes);
    }

    @Test
    void entriesArePlainBytesAndOneChangedAttributeOfAHundredIsTheOnlyOneWritten() {
        Browser browser = new Browser();
        browser.call(nodes.a.baseUrl(), "op=fill&value=100");
        String key = SessionIds.keyOf(browser.sessionId());
        assertThat(nodes.rawMap().keySet().stream().filter(k -> k.startsWith(key))).hasSize(101);
        assertThat(nodes.rawMap().values()).allMatch(v -> v instanceof byte[]);

        BackupStats stats = nodes.a.filter().stats();
        long attributes = stats.attributesWritten();
        browser.call(nodes.a.baseUrl(), "op=get&name=attr1");
        assertThat(stats.attributesWritten()).isEqualTo(attributes);
        browser.call(nodes.a.baseUrl(), "op=set&name=attr5&value=new");
        assertThat(stats.attributesWritten()).isEqualTo(attributes + 1);
        assertThat(new Browser(browser.sessionId()).call(nodes.b.baseUrl(), "op=get&name=attr5")).isEqualTo("new");

        browser.call(nodes.b.baseUrl(), "op=invalidate");
        assertThat(nodes.rawMap().keySet().stream().filter(k -> k.startsWith(key))).isEmpty();
    }
}
