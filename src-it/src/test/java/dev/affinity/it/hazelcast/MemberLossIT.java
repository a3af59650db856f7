package dev.affinity.it.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.affinity.it.matrix.Answer;
import dev.affinity.it.matrix.Browser;
import dev.affinity.it.matrix.FarmNode;
import dev.affinity.it.matrix.JettyContainer;
import dev.affinity.it.matrix.ShopFarm;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sessions written through the session-backup filter on a farm of three nodes, each with its own
 * Hazelcast member (backup-count 1, sync writes), survive the crash of one whole node: its member
 * is terminated, not shut down, and its container stopped. Every session is then read back from the
 * backup map on a node that does not hold it, and every attribute is checked.
 */
class MemberLossIT {
    private static final int SESSIONS = 30;
    private static final List<String> SKUS = List.of("apple", "pear", "bread", "tea", "coffee");

    /** A user's session and what it must hold. */
    private record Expected(Browser browser, String holder, int count, String sku, int quantity) {
    }

    @Test
    void losingOneMemberLosesNoSession() throws Exception {
        HttpClient http = Browser.newHttpClient();
        try (ShopFarm farm = ShopFarm.start(JettyContainer::new, 3)) {
            farm.awaitHazelcastCluster(farm.nodes(), new Browser(http));
            List<Expected> sessions = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                sessions.add(writeSession(http, farm.nodes().get(i % 3), i));
            }

            FarmNode lost = farm.node("c");
            assertThat(WebappHazelcast.terminateAll(lost.container().webappClassLoader())).as("members terminated").isEqualTo(1);
            farm.stop(lost);
            List<FarmNode> survivors = List.of(farm.node("a"), farm.node("b"));
            farm.awaitHazelcastCluster(survivors, new Browser(http));

            Map<String, String> readerOf = Map.of("a", "b", "b", "a", "c", "a");
            for (Expected expected : sessions) {
                FarmNode reader = farm.node(readerOf.get(expected.holder()));
                String key = farm.keysOwnedBy(reader.name(), 1).get(0);
                Answer counter = expected.browser().get(reader.uri("/counter?id=" + key));
                assertThat(counter.status()).as(counter.body()).isEqualTo(200);
                assertThat(counter.servedBy()).isEqualTo(reader.name());
                assertThat(counter.json().path("count").asInt()).as("count of a session held by %s", expected.holder())
                        .isEqualTo(expected.count() + 1);
                JsonNode cart = expected.browser().get(reader.uri("/cart?id=" + key)).json();
                assertThat(cart.path("items").size()).isEqualTo(1);
                assertThat(cart.path("items").path(expected.sku()).asInt()).as("cart of a session held by %s", expected.holder())
                        .isEqualTo(expected.quantity());
            }
            int restored = 0;
            for (FarmNode survivor : survivors) {
                restored += new Browser(http).get(survivor.uri("/affinity/session-status")).json().path("restored").asInt();
            }
            assertThat(restored).as("sessions read back from the backup map").isEqualTo(SESSIONS);
        }
    }

    /** Starts session {@code i} on {@code node}: some counter visits and one cart line. */
    private static Expected writeSession(HttpClient http, FarmNode node, int i) {
        Browser browser = new Browser(http);
        int count = 1 + i % 4;
        for (int visit = 0; visit < count; visit++) {
            assertThat(browser.get(node.uri("/counter")).status()).isEqualTo(200);
        }
        String sku = SKUS.get(i % SKUS.size());
        int quantity = 1 + i % 9;
        Answer added = browser.postJson(node.uri("/cart/items"), "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(browser.sessionId()).hasValueSatisfying(id -> assertThat(id).endsWith("." + node.name()));
        return new Expected(browser, node.name(), count, sku, quantity);
    }
}
