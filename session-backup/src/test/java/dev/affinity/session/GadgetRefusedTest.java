package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.IndeterminateOperationStateException;
import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A session placed in the backup map directly, sealed with the farm secret (as by someone who has
 * it) and holding a class that is not on the allow-list: on restore the attribute is refused and
 * dropped, and the class is never instantiated. A gadget put in the map in place of a backup record
 * (as by anyone who can reach the cluster, secret or not) is refused by the member's
 * Java-serialization allow-list: never instantiated, answered like a backup that cannot be read.
 */
class GadgetRefusedTest {

    @Test
    void javaSerializationRefusesAGadgetOnRestore() throws Exception {
        try (TwoNodes nodes = new TwoNodes(Map.of())) {
            Gadget.instantiated = false;
            assertRefused(nodes, TestRecords.serialized(new Gadget()), TestRecords.serialized("fine"));
            assertThat(Gadget.instantiated).isFalse();
        }
    }

    @Test
    void theJsonCodecRefusesATypeOffTheAllowList() throws Exception {
        try (TwoNodes nodes = new TwoNodes(Map.of("serialization", "json"))) {
            Gadget.instantiated = false;
            assertRefused(nodes, "{\"type\":\"dev.affinity.session.Gadget\",\"value\":{\"payload\":\"boom\"}}".getBytes(StandardCharsets.UTF_8),
                    "{\"type\":\"java.lang.String\",\"value\":\"fine\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(Gadget.instantiated).isFalse();
        }
    }

    @Test
    void aGadgetInPlaceOfABackupRecordIsNeverInstantiated() throws Exception {
        try (TwoNodes nodes = new TwoNodes(Map.of())) {
            Gadget.instantiated = false;
            String key = SessionIds.newKey();
            plant(nodes, nodes.protection().mapKey(key), new Gadget());

            Answer answer = new Browser(key + ".x").get(SessionServlet.at(nodes.b.baseUrl(), "op=dump"));

            assertThat(Gadget.instantiated).isFalse();
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.body()).isEqualTo("the session cannot be read right now; retry in a moment\n").doesNotContain("Gadget");
            assertThat(new Browser().get(SessionServlet.at(nodes.b.baseUrl(), "op=set&name=a&value=1")).okBody())
                    .as("the node serves on").isEqualTo("ok");
        }
    }

    private static void assertRefused(TwoNodes nodes, byte[] gadget, byte[] fine) {
        String key = SessionIds.newKey();
        plant(nodes, nodes.protection().mapKey(key),
                TestRecords.sealed(nodes.protection(), key, "x", 1, 600, Map.of("gadget", gadget, "ok", fine)));

        Browser browser = new Browser(key + ".x");
        assertThat(browser.get(SessionServlet.at(nodes.b.baseUrl(), "op=dump")).okBody()).isEqualTo("{ok=fine}");
        assertThat(nodes.b.filter().stats().refusedAttributes()).isEqualTo(1);
        assertThat(nodes.record(key + ".x").attributes()).as("dropped from the backup too").containsOnlyKeys("ok");
    }

    /**
     * Puts {@code value} under {@code mapKey} as someone with access to the cluster would, again
     * when the put's backup was not acknowledged in time (it may or may not have been applied; a
     * second put of the same value is the same).
     */
    private static void plant(TwoNodes nodes, String mapKey, Object value) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(IndeterminateOperationStateException.class).until(() -> {
            nodes.rawMap().put(mapKey, value);
            return true;
        });
    }
}
