package dev.affinity.it.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import dev.affinity.testing.ServletContainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every container must do with the sample WAR (both filters) and the redirect balancer WAR on
 * a farm of three nodes, over real HTTP: keys served by their owner whichever node they land on,
 * sessions (counter and cart) continuing from every node, a change sent again with its
 * {@code Idempotency-Key} applied once, a request body forwarded intact, and the balancer's
 * redirects leading to the owner. One subclass per container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FarmContract {
    private static final int NODES = 3;
    private static final String KEY = "Idempotency-Key";

    private ShopFarm farm;
    private HttpClient http;

    /** A new, unstarted container of the kind under test. */
    protected abstract ServletContainer newContainer();

    @BeforeAll
    void startFarm() throws Exception {
        farm = ShopFarm.start(this::newContainer, NODES);
        http = Browser.newHttpClient();
    }

    @AfterAll
    void stopFarm() throws Exception {
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    void everyNodeSendsAKeyToItsOwner() {
        Browser browser = new Browser(http);
        for (FarmNode owner : farm.nodes()) {
            for (String key : farm.keysOwnedBy(owner.name(), 4)) {
                for (FarmNode node : farm.nodes()) {
                    Answer answer = browser.get(node.uri("/whoami?id=" + key));
                    assertThat(answer.status()).as("%s from %s", key, node.name()).isEqualTo(200);
                    assertThat(answer.servedBy()).as("%s from %s", key, node.name()).isEqualTo(owner.name());
                }
            }
        }
        assertThat(browser.sessionId()).as("routing alone creates no session").isEmpty();
    }

    @Test
    void sessionCounterAndCartContinueFromEveryNode() {
        Browser browser = new Browser(http);
        Answer first = browser.get(farm.node("a").uri("/counter"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("count").asInt()).isEqualTo(1);
        String session = browser.sessionId().orElseThrow(() -> new AssertionError("no session cookie: " + first.response().headers()));
        assertThat(session).as("a session id names the node holding it").endsWith(".a");

        int expected = 1;
        for (FarmNode node : List.of(farm.node("b"), farm.node("c"), farm.node("a"), farm.node("c"))) {
            Answer answer = browser.get(node.uri("/counter"));
            expected++;
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().path("count").asInt()).as("count asked through %s", node.name()).isEqualTo(expected);
            assertThat(answer.servedBy()).as("served for %s", node.name()).isEqualTo("a");
        }
        Answer added = browser.postJson(farm.node("c").uri("/cart/items"), "{\"sku\":\"tea\",\"quantity\":2}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        browser.postJson(farm.node("b").uri("/cart/items"), "{\"sku\":\"apple\",\"quantity\":3}");
        for (FarmNode node : farm.nodes()) {
            JsonNode cart = browser.get(node.uri("/cart")).json();
            assertThat(cart.path("items").path("tea").asInt()).as("tea seen from %s", node.name()).isEqualTo(2);
            assertThat(cart.path("items").path("apple").asInt()).as("apples seen from %s", node.name()).isEqualTo(3);
            assertThat(cart.path("total").decimalValue()).isEqualByComparingTo("9.90");
        }
        assertThat(browser.sessionId()).as("the session id never changed").hasValue(session);
    }

    @Test
    void aChangeSentAgainWithItsIdempotencyKeyIsAppliedOnce() {
        Browser browser = new Browser(http);
        assertThat(browser.get(farm.node("a").uri("/counter"), KEY, "count-1").json().path("count").asInt()).isEqualTo(1);
        Answer again = browser.get(farm.node("b").uri("/counter"), KEY, "count-1");
        assertThat(again.servedBy()).isEqualTo("a");
        assertThat(again.json().path("count").asInt()).as("the same count sent again through another node").isEqualTo(1);
        assertThat(browser.get(farm.node("c").uri("/counter"), KEY, "count-2").json().path("count").asInt()).isEqualTo(2);
        assertThat(browser.get(farm.node("c").uri("/counter")).json().path("count").asInt()).as("no key, counted").isEqualTo(3);

        String tea = "{\"sku\":\"tea\",\"quantity\":2}";
        assertThat(browser.postJson(farm.node("b").uri("/cart/items"), tea, KEY, "add-tea").json().path("items").path("tea").asInt())
                .isEqualTo(2);
        Answer resent = browser.postJson(farm.node("c").uri("/cart/items"), tea, KEY, "add-tea");
        assertThat(resent.status()).as(resent.body()).isEqualTo(200);
        assertThat(resent.json().path("items").path("tea").asInt()).as("the same item sent again").isEqualTo(2);

        Answer malformed = browser.get(farm.node("b").uri("/counter"), KEY, "x".repeat(129));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).startsWith("Idempotency-Key must be 1 to 128 visible ASCII characters");
    }

    @Test
    void aForwardedRequestKeepsItsBody() {
        String key = farm.keysOwnedBy("b", 1).get(0);
        Browser browser = new Browser(http);
        Answer added = browser.postJson(farm.node("a").uri("/cart/items?id=" + key), "{\"sku\":\"coffee\",\"quantity\":4}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.servedBy()).isEqualTo("b");
        assertThat(added.json().path("items").path("coffee").asInt()).isEqualTo(4);

        Answer refused = browser.postJson(farm.node("c").uri("/cart/items?id=" + key), "{\"sku\":\"caviar\",\"quantity\":1}");
        assertThat(refused.servedBy()).as("the owner read the forwarded body").isEqualTo("b");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).startsWith("unknown sku: accepted: ");
    }

    @Test
    void theBalancerRedirectsToTheOwner() {
        Browser browser = new Browser(http);
        for (int i = 0; i < 6; i++) {
            String key = "order-" + i;
            String owner = farm.ownerOf(key);
            Answer redirect = browser.get(farm.balancer().uri("/whoami?id=" + key));
            assertThat(redirect.status()).isEqualTo(303);
            URI location = URI.create(redirect.header("Location").orElseThrow());
            assertThat(location).isEqualTo(farm.node(owner).uri("/whoami?id=" + key));
            Answer followed = browser.get(location);
            assertThat(followed.status()).isEqualTo(200);
            assertThat(followed.servedBy()).isEqualTo(owner);
        }
        Answer counter = browser.get(farm.node("c").uri("/counter"));
        assertThat(counter.json().path("count").asInt()).isEqualTo(1);
        Answer toSession = browser.get(farm.balancer().uri("/counter"));
        assertThat(toSession.status()).isEqualTo(303);
        assertThat(toSession.header("Location")).as("a session goes to the node holding it").hasValue(farm.node("c").uri("/counter").toString());
        assertThat(browser.get(URI.create(toSession.header("Location").orElseThrow())).json().path("count").asInt()).isEqualTo(2);
    }
}
