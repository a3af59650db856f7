package dev.affinity.it.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.affinity.it.matrix.FarmNode;
import dev.affinity.it.matrix.ShopFarm;
import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import dev.affinity.testing.JettyContainer;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sessions written through the session-backup filter on a farm of three nodes, each with its own
 * Hazelcast member (backup-count 1, sync writes), survive the crash of one whole node: its member
 * is terminated, not shut down, and its container stopped; and the crash of another node's member
 * while the nodes holding the sessions go on writing. Every session is then read back from the
 * backup map on a node that does not hold it, and every attribute is checked.
 */
class MemberLossIT {
    private static final int SESSIONS = 30;
    private static final List<String> SKUS = List.of("apple", "pear", "bread", "tea", "coffee");

    /** A user's session and what it must hold. */
    private record Expected(Browser browser, String holder, int count, String sku, int quantity) {
        /** The same session after one more counter visit. */
        Expected visited() {
            return new Expected(browser, holder, count + 1, sku, quantity);
        }
    }

    @Test
    void losingAWholeNodeLosesNoSession() throws Exception {
        HttpClient http = Browser.newHttpClient();
        try (ShopFarm farm = ShopFarm.start(JettyContainer::new, 3)) {
            List<Expected> sessions = writeSessions(farm, http);
            FarmNode lost = farm.node("c");
            assertThat(WebappHazelcast.terminateAll(lost.container().webappClassLoader())).as("members terminated").isEqualTo(1);
            farm.stop(lost);
            List<FarmNode> survivors = List.of(farm.node("a"), farm.node("b"));
            farm.awaitHazelcastCluster(survivors, new Browser(http));

            assertEverySessionReadBack(farm, sessions, 1);
            assertThat(restored(survivors, http)).as("sessions read back from the backup map").isEqualTo(SESSIONS);
        }
    }

    @Test
    void losingTheMemberOfAnotherNodeLosesNoSessionAndWritesGoOn() throws Exception {
        HttpClient http = Browser.newHttpClient();
        try (ShopFarm farm = ShopFarm.start(JettyContainer::new, 3)) {
            List<Expected> sessions = writeSessions(farm, http);
            FarmNode memberLost = farm.node("c");
            assertThat(WebappHazelcast.terminateAll(memberLost.container().webappClassLoader())).as("members terminated").isEqualTo(1);
            List<FarmNode> serving = List.of(farm.node("a"), farm.node("b"));
            farm.awaitHazelcastCluster(serving, new Browser(http));

            for (Expected expected : sessions) {
                if (!expected.holder().equals(memberLost.name())) {
                    Answer visit = expected.browser().get(farm.node(expected.holder()).uri("/counter"));
                    assertThat(visit.servedBy()).as("served where it lives").isEqualTo(expected.holder());
                    assertThat(visit.json().path("count").asInt()).isEqualTo(expected.count() + 1);
                }
            }
            assertEverySessionReadBack(farm, sessions.stream()
                    .map(e -> e.holder().equals(memberLost.name()) ? e : e.visited()).toList(), 1);
            assertThat(restored(serving, http)).as("sessions read back from the backup map").isEqualTo(SESSIONS);
        }
    }

    /** Writes {@value #SESSIONS} sessions, spread over the nodes of the farm {@link ShopFarm#start} found ready. */
    private static List<Expected> writeSessions(ShopFarm farm, HttpClient http) {
        List<Expected> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            sessions.add(writeSession(farm.nodes().get(i % 3), http, i));
        }
        return sessions;
    }

    /**
     * Reads every session on a node other than its holder (a key owned by that node in the query
     * decides where the request goes), so it comes from the backup map; checks every attribute.
     */
    private static void assertEverySessionReadBack(ShopFarm farm, List<Expected> sessions, int visits) {
        Map<String, String> readerOf = Map.of("a", "b", "b", "a", "c", "a");
        for (Expected expected : sessions) {
            FarmNode reader = farm.node(readerOf.get(expected.holder()));
            String key = farm.keysOwnedBy(reader.name(), 1).get(0);
            Answer counter = expected.browser().get(reader.uri("/counter?id=" + key));
            assertThat(counter.status()).as(counter.body()).isEqualTo(200);
            assertThat(counter.servedBy()).isEqualTo(reader.name());
            assertThat(counter.json().path("count").asInt()).as("count of a session held by %s", expected.holder())
                    .isEqualTo(expected.count() + visits);
            JsonNode cart = expected.browser().get(reader.uri("/cart?id=" + key)).json();
            assertThat(cart.path("items").size()).isEqualTo(1);
            assertThat(cart.path("items").path(expected.sku()).asInt()).as("cart of a session held by %s", expected.holder())
                    .isEqualTo(expected.quantity());
        }
    }

    private static int restored(List<FarmNode> nodes, HttpClient http) {
        int restored = 0;
        for (FarmNode node : nodes) {
            restored += new Browser(http).get(node.uri("/affinity/session-status")).json().path("restored").asInt();
        }
        return restored;
    }

    /** Starts session {@code i} on {@code node}: some counter visits and one cart line. */
    private static Expected writeSession(FarmNode node, HttpClient http, int i) {
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
