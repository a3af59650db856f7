package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a request writes to the backup under the Tomcat manager, on a cart-like session (a user, a
 * few details, a cart list mutated in place): a read-only request writes nothing; changing one
 * attribute writes that attribute's bytes, not the session's.
 */
class ManagerWriteCountingTest {
    @AutoClose
    private static LoopbackHazelcast cluster;
    private static ManagerNode node;
    private static IMap<String, BackupRecord> map;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LoopbackHazelcast(1);
        Path config = cluster.memberYaml(0);
        node = ManagerNode.start(Map.of("self", "a", "secret", cluster.secret(), "hazelcast.config", config.toString(),
                "write-timeout", "10s"));
        map = SharedHazelcast.running(new HazelcastSettings(HazelcastMode.EMBEDDED, config), "a").orElseThrow()
                .getMap("affinity-sessions");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void aReadOnlyRequestWritesNothingAndOneChangedAttributeWritesAboutItsBytes() {
        Browser browser = new Browser();
        browser.get(SessionServlet.at(node.baseUrl(), "op=fill&value=30")).okBody();
        browser.get(SessionServlet.at(node.baseUrl(), "op=set-list&name=cart&value=apple")).okBody();
        BackupStats stats = node.manager().stats();
        long writes = stats.writes();
        long attributes = stats.attributesWritten();
        long bytes = stats.attributeBytesWritten();
        assertThat(record(browser).attributes()).hasSize(31);

        assertThat(browser.get(SessionServlet.at(node.baseUrl(), "op=get&name=attr7")).okBody()).startsWith("value-7-");
        assertThat(browser.get(SessionServlet.at(node.baseUrl(), "op=get&name=cart")).okBody()).isEqualTo("[apple]");
        assertThat(browser.get(SessionServlet.at(node.baseUrl(), "op=dump")).okBody()).contains("attr29=", "cart=[apple]");
        assertThat(stats.writes()).as("read-only requests (the cart read, unchanged)").isEqualTo(writes);
        assertThat(stats.attributeBytesWritten()).isEqualTo(bytes);

        long version = record(browser).version();
        browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=attr3&value=changed")).okBody();
        assertThat(stats.writes()).isEqualTo(writes + 1);
        assertThat(stats.attributesWritten()).isEqualTo(attributes + 1);
        assertThat(stats.attributeBytesWritten() - bytes).as("one short string's bytes, sealed").isBetween(1L, 200L);

        long beforeAppend = stats.attributeBytesWritten();
        browser.get(SessionServlet.at(node.baseUrl(), "op=append&name=cart&value=pear")).okBody();
        assertThat(stats.attributesWritten()).as("the cart, mutated in place without setAttribute").isEqualTo(attributes + 2);
        assertThat(stats.attributeBytesWritten() - beforeAppend).isBetween(1L, 400L);

        BackupRecord after = record(browser);
        assertThat(after.version()).isEqualTo(version + 2);
        assertThat(after.attributes()).hasSize(31);
    }

    private static BackupRecord record(Browser browser) {
        return map.get(TestRecords.protection(cluster.secret()).mapKey(SessionIds.keyOf(browser.sessionId().orElseThrow())));
    }
}
