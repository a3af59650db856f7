package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.config.Config;
import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a request writes to the backup: nothing for reads, only the changed attribute of many. */
class WriteCountingTest {
    @AutoClose
    private static LoopbackHazelcast cluster;
    private static Node node;
    private static HazelcastInstance observer;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LoopbackHazelcast(2);
        node = Node.onJetty(Map.of("self", "a", "secret", cluster.secret(), "write-timeout", "10s",
                "hazelcast.config", cluster.memberYaml(0).toString()));
        observer = Hazelcast.newHazelcastInstance(Config.loadFromFile(cluster.memberYaml(1).toFile()));
        // members fail a write whose backup is not acknowledged: write once the backups have their member
        await().atMost(Duration.ofSeconds(60)).until(() -> observer.getCluster().getMembers().size() == 2
                && observer.getPartitionService().isClusterSafe());
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
        observer.shutdown();
    }

    @Test
    void aReadOnlyRequestWritesNoAttributeBytesAndOneChangeOfAHundredWritesOnlyThatAttribute() {
        Browser browser = new Browser();
        browser.get(SessionServlet.at(node.baseUrl(), "op=fill&value=100")).okBody();
        BackupStats stats = node.filter().stats();
        assertThat(stats.attributesWritten()).isEqualTo(100);
        assertThat(record(browser).attributes()).hasSize(100);

        long attributes = stats.attributesWritten();
        long bytes = stats.attributeBytesWritten();
        long writes = stats.writes();
        assertThat(browser.get(SessionServlet.at(node.baseUrl(), "op=get&name=attr7")).okBody()).startsWith("value-7-");
        assertThat(browser.get(SessionServlet.at(node.baseUrl(), "op=dump")).okBody()).contains("attr99=");
        assertThat(stats.attributesWritten()).isEqualTo(attributes);
        assertThat(stats.attributeBytesWritten()).isEqualTo(bytes);
        assertThat(stats.writes()).as("a request that changed nothing writes nothing (its access waits for the touch interval)")
                .isEqualTo(writes);

        long versionBefore = record(browser).version();
        browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=attr42&value=changed")).okBody();
        assertThat(stats.attributesWritten()).isEqualTo(attributes + 1);
        assertThat(stats.attributeBytesWritten() - bytes).isBetween(1L, 200L);
        BackupRecord after = record(browser);
        assertThat(after.version()).isEqualTo(versionBefore + 1);
        assertThat(after.attributes()).hasSize(100);
    }

    @Test
    void readOnlyRequestsWriteTheLastAccessOnceItIsOlderThanTheTouchInterval() {
        Browser browser = new Browser();
        browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=a&value=1")).okBody();
        browser.get(SessionServlet.at(node.baseUrl(), "op=max-inactive&value=4")).okBody();
        BackupStats stats = node.filter().stats();
        long attributes = stats.attributesWritten();
        long writes = stats.writes();
        long accessBefore = record(browser).lastAccessedTime;

        // a quarter of 4 s: within about a second of the last write, reads write nothing; after it, one touch
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> browser.get(SessionServlet.at(node.baseUrl(), "op=get&name=a")).okBody().equals("1") && stats.writes() > writes);
        assertThat(stats.writes()).isEqualTo(writes + 1);
        assertThat(stats.attributesWritten()).isEqualTo(attributes);
        assertThat(record(browser).lastAccessedTime).isGreaterThanOrEqualTo(accessBefore + 1_000);
    }

    @Test
    void aListMutatedInPlaceIsWrittenOnlyWhenItChanged() {
        Browser browser = new Browser();
        browser.get(SessionServlet.at(node.baseUrl(), "op=set-list&name=cart&value=apple")).okBody();
        BackupStats stats = node.filter().stats();
        long attributes = stats.attributesWritten();

        browser.get(SessionServlet.at(node.baseUrl(), "op=get&name=cart")).okBody();
        assertThat(stats.attributesWritten()).as("read, unchanged").isEqualTo(attributes);

        browser.get(SessionServlet.at(node.baseUrl(), "op=append&name=cart&value=pear")).okBody();
        assertThat(stats.attributesWritten()).as("read and mutated in place").isEqualTo(attributes + 1);
    }

    private static BackupRecord record(Browser browser) {
        return observer.<String, BackupRecord>getMap("affinity-sessions")
                .get(TestRecords.protection(cluster.secret()).mapKey(SessionIds.keyOf(browser.sessionId().orElseThrow())));
    }
}
