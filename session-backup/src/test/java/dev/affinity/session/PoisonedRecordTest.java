package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.session.serialization.CodecTest;
import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records that pass authentication (sealed with the farm secret, as by someone who has it) but are
 * built to hurt the node that restores them: a small payload claiming a huge allocation is refused
 * by the deserialization limits, and an {@link Error} while decoding is answered like a backup that
 * cannot be read, never with the error's class or message.
 */
class PoisonedRecordTest {
    private static TwoNodes nodes;

    @BeforeAll
    static void start() throws Exception {
        nodes = new TwoNodes(Map.of("serialization.allow", "java.lang.*;java.util.*;dev.affinity.session.Explosive"));
    }

    @AfterAll
    static void stop() throws Exception {
        nodes.close();
    }

    @Test
    void theIssuesSixtyTwoBytePoisonedListIsRefusedByTheLimits() throws Exception {
        byte[] poisoned = HexFormat.of().parseHex(CodecTest.POISONED_LIST);
        String key = plant(Map.of("list", poisoned, "ok", TestRecords.serialized("fine")));
        long refused = nodes.b.filter().stats().refusedAttributes();

        assertThat(new Browser(key + ".x").get(SessionServlet.at(nodes.b.baseUrl(), "op=dump")).okBody()).isEqualTo("{ok=fine}");
        assertThat(nodes.b.filter().stats().refusedAttributes()).isEqualTo(refused + 1);
    }

    @Test
    void anErrorWhileRestoringIsAnsweredLikeAnUnreadableBackup() throws Exception {
        String key = plant(Map.of("boom", TestRecords.serialized(new Explosive()), "ok", TestRecords.serialized("fine")));
        long unreadable = nodes.b.filter().stats().unreadableRecords();

        Answer answer = new Browser(key + ".x").get(SessionServlet.at(nodes.b.baseUrl(), "op=dump"));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).contains("1");
        assertThat(answer.body()).isEqualTo("the session cannot be read right now; retry in a moment\n")
                .doesNotContain("Error").doesNotContain("Explosive");
        assertThat(nodes.b.filter().stats().unreadableRecords()).isEqualTo(unreadable + 1);
        assertThat(new Browser().get(SessionServlet.at(nodes.b.baseUrl(), "op=set&name=a&value=1")).okBody())
                .as("the node serves on").isEqualTo("ok");
    }

    private static String plant(Map<String, byte[]> values) {
        String key = SessionIds.newKey();
        nodes.map().put(nodes.protection().mapKey(key), TestRecords.sealed(nodes.protection(), key, "x", 1, 600, values));
        return key;
    }
}
