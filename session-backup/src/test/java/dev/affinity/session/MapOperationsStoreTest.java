package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.Browser;
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
        browser.get(SessionServlet.at(nodes.a.baseUrl(), "op=fill&value=100")).okBody();
        String key = nodes.mapKey(browser.sessionId().orElseThrow());
        assertThat(nodes.rawMap().keySet().stream().filter(k -> k.startsWith(key))).hasSize(101);
        assertThat(nodes.rawMap().values()).allMatch(v -> v instanceof byte[]);

        BackupStats stats = nodes.a.filter().stats();
        long attributes = stats.attributesWritten();
        browser.get(SessionServlet.at(nodes.a.baseUrl(), "op=get&name=attr1")).okBody();
        assertThat(stats.attributesWritten()).isEqualTo(attributes);
        browser.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=attr5&value=new")).okBody();
        assertThat(stats.attributesWritten()).isEqualTo(attributes + 1);
        assertThat(new Browser(browser.sessionId().orElseThrow()).get(SessionServlet.at(nodes.b.baseUrl(), "op=get&name=attr5")).okBody()).isEqualTo("new");

        browser.get(SessionServlet.at(nodes.b.baseUrl(), "op=invalidate")).okBody();
        assertThat(nodes.rawMap().keySet().stream().filter(k -> k.startsWith(key))).isEmpty();
    }
}
