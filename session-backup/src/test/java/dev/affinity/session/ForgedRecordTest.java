package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What someone who reaches the backup map but lacks the farm secret can do: read no session id and
 * no value, and neither forge a record nor move one (or one of its values) to another session:
 * the node that restores it refuses it unread, answers {@code 503} and counts it.
 */
class ForgedRecordTest {
    private static TwoNodes nodes;

    @BeforeAll
    static void start() throws Exception {
        nodes = new TwoNodes(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        nodes.close();
    }

    @Test
    void theMapHoldsNoSessionIdAndNoValue() {
        Browser browser = new Browser();
        browser.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=card&value=4111-1111-plain")).okBody();
        String id = browser.sessionId().orElseThrow();
        String random = SessionIds.keyOf(id);

        assertThat(nodes.rawMap().keySet()).contains(nodes.mapKey(id)).noneMatch(key -> key.contains(random));
        BackupRecord record = nodes.record(id);
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        stored.writeBytes(record.metadata());
        record.attributes().values().forEach(stored::writeBytes);
        assertThat(stored.toString(StandardCharsets.ISO_8859_1)).doesNotContain("4111-1111-plain").doesNotContain(random);
        assertThat(new Browser(id).get(SessionServlet.at(nodes.b.baseUrl(), "op=get&name=card")).okBody())
                .as("the node of the farm reads it")
                .isEqualTo("4111-1111-plain");
    }

    @Test
    void aRecordWrittenWithoutTheSecretIsRefusedUnread() throws Exception {
        Browser victim = new Browser();
        victim.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=x&value=mine")).okBody();
        String victimId = victim.sessionId().orElseThrow();
        Gadget.instantiated = false;
        long refused = nodes.b.filter().stats().unauthenticRecords();
        long dropped = nodes.a.filter().stats().droppedCopies();

        nodes.map().put(nodes.mapKey(victimId),
                TestRecords.unsealed("a", 9, 600, Map.of("x", TestRecords.serialized(new Gadget()))));

        assertRefused(victimId, refused);
        assertThat(Gadget.instantiated).isFalse();
        // the node holding it hears of a write by another writer (it cannot tell a forged one from a
        // take-over without the values) and drops its copy; it then reads the record, refuses it unread
        await("a drops its copy").atMost(Duration.ofSeconds(10)).until(() -> nodes.a.filter().stats().droppedCopies() > dropped);
        Answer onA = victim.get(SessionServlet.at(nodes.a.baseUrl(), "op=get&name=x"));
        assertThat(onA.status()).as(onA.body()).isEqualTo(503);
        assertThat(Gadget.instantiated).isFalse();
    }

    @Test
    void aRecordMovedToAnotherSessionIsRefused() {
        Browser attacker = new Browser();
        attacker.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=cart&value=attackers")).okBody();
        Browser victim = new Browser();
        victim.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=cart&value=victims")).okBody();
        String victimId = victim.sessionId().orElseThrow();
        long refused = nodes.b.filter().stats().unauthenticRecords();

        nodes.map().put(nodes.mapKey(victimId), nodes.record(attacker.sessionId().orElseThrow()));

        assertRefused(victimId, refused);
    }

    @Test
    void aValueMovedToAnotherSessionOrAttributeIsRefused() {
        Browser attacker = new Browser();
        attacker.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=role&value=admin")).okBody();
        Browser victim = new Browser();
        victim.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=role&value=guest")).okBody();
        victim.get(SessionServlet.at(nodes.a.baseUrl(), "op=set&name=nick&value=admin")).okBody();
        String victimId = victim.sessionId().orElseThrow();
        long refused = nodes.b.filter().stats().unauthenticRecords();

        BackupRecord record = nodes.record(victimId);
        record.attributes().put("role", nodes.record(attacker.sessionId().orElseThrow()).attributes().get("role"));
        nodes.map().put(nodes.mapKey(victimId), record);
        assertRefused(victimId, refused);

        BackupRecord renamed = nodes.record(victimId);
        renamed.attributes().put("role", renamed.attributes().get("nick"));
        nodes.map().put(nodes.mapKey(victimId), renamed);
        assertRefused(victimId, refused + 1);
    }

    /** Node b, which does not hold the session, refuses its record: 503, nothing revealed, counted. */
    private static void assertRefused(String sessionId, long refusedBefore) {
        Answer answer = new Browser(sessionId).get(SessionServlet.at(nodes.b.baseUrl(), "op=dump"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).contains("1");
        assertThat(answer.body()).isEqualTo("the session cannot be read right now; retry in a moment\n");
        assertThat(answer.response().headers().allValues("Set-Cookie")).as("no session made up in its place").isEmpty();
        assertThat(nodes.b.filter().stats().unauthenticRecords()).isEqualTo(refusedBefore + 1);
    }
}
