package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import dev.affinity.session.protection.BackupProtection;
import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a request on Jetty with the toolkit's store writes to the backup, on a cart-like session of a
 * hundred attributes and a cart list: nothing for a read-only request (Jetty's passivation
 * callbacks, which read every attribute, do not count), only the changed attribute's bytes for a
 * one-attribute change, the cart list only when it was mutated in place.
 */
class JettyStoreWriteCountingTest {
    @AutoClose
    private static LoopbackHazelcast cluster;
    private static StoreNode node;
    private static IMap<String, BackupRecord> map;
    private static BackupProtection protection;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LoopbackHazelcast(1);
        protection = TestRecords.protection(cluster.secret());
        node = new StoreNode(StoreNode.settings(cluster, 0, "a"));
        map = TestRecords.backupMap(cluster.memberYaml(0), "a", JettyStoreWriteCountingTest.class.getClassLoader());
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static URI at(String query) {
        return SessionServlet.at(node.baseUrl(), query);
    }

    private static BackupRecord record(Browser browser) {
        return map.get(protection.mapKey(SessionIds.keyOf(browser.sessionId().orElseThrow())));
    }

    @Test
    void aReadOnlyRequestWritesNothingAndOneChangeOfAHundredWritesOnlyThatAttribute() {
        Browser browser = new Browser();
        browser.get(at("op=fill&value=100")).okBody();
        browser.get(at("op=set-list&name=cart&value=apple")).okBody();
        BackupStats stats = node.stats();
        assertThat(record(browser).attributes()).hasSize(101);

        long attributes = stats.attributesWritten();
        long bytes = stats.attributeBytesWritten();
        long writes = stats.writes();
        assertThat(browser.get(at("op=get&name=attr7")).okBody()).startsWith("value-7-");
        assertThat(browser.get(at("op=dump")).okBody()).contains("attr99=", "cart=[apple]");
        assertThat(stats.attributesWritten()).as("the cart was read, unchanged").isEqualTo(attributes);
        assertThat(stats.attributeBytesWritten()).isEqualTo(bytes);
        assertThat(stats.writes()).as("a request that changed nothing writes nothing").isEqualTo(writes);

        long versionBefore = record(browser).version();
        browser.get(at("op=set&name=attr42&value=changed")).okBody();
        assertThat(stats.attributesWritten()).isEqualTo(attributes + 1);
        assertThat(stats.attributeBytesWritten() - bytes).as("about the bytes of one short string").isBetween(1L, 200L);
        BackupRecord after = record(browser);
        assertThat(after.version()).isEqualTo(versionBefore + 1);
        assertThat(after.attributes()).hasSize(101);
    }

    @Test
    void aCartMutatedInPlaceIsWrittenOnlyWhenItChanged() {
        Browser browser = new Browser();
        browser.get(at("op=set-list&name=cart&value=apple")).okBody();
        BackupStats stats = node.stats();
        long attributes = stats.attributesWritten();

        browser.get(at("op=get&name=cart")).okBody();
        assertThat(stats.attributesWritten()).as("read, unchanged").isEqualTo(attributes);

        browser.get(at("op=append&name=cart&value=pear")).okBody();
        assertThat(stats.attributesWritten()).as("read and mutated in place").isEqualTo(attributes + 1);
        assertThat(browser.get(at("op=get&name=cart")).okBody()).isEqualTo("[apple, pear]");
    }
}
