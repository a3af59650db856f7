package dev.affinity.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.routing.Member;
import dev.affinity.routing.Ring;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The client against a farm of real Jetty nodes over 127.0.0.1: every key goes straight to its
 * owner (no node forwards anything), a stale ring is answered right and then refreshed, an owner
 * stopped at once is replaced by the next member in rank, and a session goes to its route.
 */
class AffinityHttpClientTest {
    /** The keys the tests send. */
    static final List<String> KEYS = IntStream.range(0, 60).mapToObj(i -> "customer-" + i).toList();

    @Test
    void everyKeyGoesStraightToItsOwnerAcrossAJoinAndTheStopOfAnOwner() throws Exception {
        try (ClientFarm farm = ClientFarm.start(List.of("a", "b", "c"));
             AffinityHttpClient client = AffinityHttpClient.builder(farm.node("a")).refreshEvery(Duration.ofHours(1)).build()) {
            farm.awaitAgreement();
            assertThat(client.ring().memberList()).extracting(Member::name).containsExactly("a", "b", "c");
            everyKeyStraightToItsOwner(farm, client);

            farm.join("d");
            farm.awaitAgreement();
            String ownedByD = KEYS.stream().filter(key -> farm.owner(key).equals("d")).findFirst().orElseThrow();
            assertThat(node(client.send(get(ownedByD), HttpResponse.BodyHandlers.ofString())))
                    .as("a stale ring: the node the client chose forwards to the owner").isEqualTo("d");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.ring().memberList().size() == 4);
            assertThat(client.ring().viewId()).isEqualTo(farm.viewId());
            everyKeyStraightToItsOwner(farm, client);

            String victim = farm.owner(KEYS.get(0));
            List<String> victimsKeys = KEYS.stream().filter(key -> farm.owner(key).equals(victim)).toList();
            farm.stop(victim);
            for (int i = 0; i < victimsKeys.size(); i++) {
                String key = victimsKeys.get(i);
                HttpResponse<String> answer = i % 2 == 0 ? client.send(get(key), HttpResponse.BodyHandlers.ofString())
                        : client.sendAsync(get(key), HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(node(answer)).as(key).isEqualTo(farm.rank(key).get(1));
            }
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(logical("/app/orders?id=" + victimsKeys.get(0)))
                    .POST(HttpRequest.BodyPublishers.ofString("order")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as("a POST never sent to the stopped owner goes to the next").isEqualTo(200);
            assertThat(node(post)).isEqualTo(farm.rank(victimsKeys.get(0)).get(1));

            farm.awaitAgreement();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                client.send(get(victimsKeys.get(0)), HttpResponse.BodyHandlers.discarding());
                assertThat(client.ring().viewId()).isEqualTo(farm.viewId());
            });
            assertThat(client.ring().members()).filteredOn(entry -> entry.member().name().equals(victim))
                    .extracting(Ring.Entry::routable).containsExactly(false);
            everyKeyStraightToItsOwner(farm, client);
        }
    }

    @Test
    void aSessionGoesToTheNodeInItsRouteWhicheverNodeAnswersFirst() throws Exception {
        CookieManager cookies = new CookieManager();
        try (ClientFarm farm = ClientFarm.start(List.of("a", "b", "c"));
             AffinityHttpClient client = AffinityHttpClient.builder(farm.node("b")).cookieHandler(cookies).build()) {
            farm.awaitAgreement();
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(logical("/app/login")).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(cookies.getCookieStore().get(logical("/app/cart"))).as("kept for the farm's address").hasSize(1);
            String route = node(login);
            String other = farm.running().stream().filter(name -> !name.equals(route)).sorted().findFirst().orElseThrow();
            String sessionId = KEYS.stream().filter(id -> !farm.owner(id).equals(other)).findFirst().orElseThrow() + "." + other;
            cookies.getCookieStore().removeAll();
            HttpCookie routed = new HttpCookie("JSESSIONID", sessionId);
            routed.setPath("/app");
            cookies.getCookieStore().add(logical("/app"), routed);
            Map<String, Long> before = farm.forwarded();
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> visit = client.send(HttpRequest.newBuilder(logical("/app/cart")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(node(visit)).as("the route, not the owner of the id's hash").isEqualTo(other);
                assertThat(visit.body()).contains(sessionId);
            }
            assertThat(farm.forwarded()).isEqualTo(before);
        }
    }

    @Test
    void theKeyRulesAreTheFarmsUnlessTheBuilderSaysOtherwise() throws Exception {
        try (ClientFarm farm = ClientFarm.start(List.of("a", "b"));
             AffinityHttpClient farmRules = AffinityHttpClient.builder(farm.node("a")).build();
             AffinityHttpClient byHeader = AffinityHttpClient.builder(farm.node("a")).key("header:X-Customer").build()) {
            assertThat(farmRules.ring().key()).isEqualTo("param:id,session");
            farm.awaitAgreement();
            String key = KEYS.stream().filter(k -> farm.owner(k).equals("b")).findFirst().orElseThrow();
            Map<String, Long> before = farm.forwarded();
            HttpResponse<String> answer = byHeader.send(HttpRequest.newBuilder(logical("/app/x?id=" + key)).header("X-Customer", key).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(node(answer)).isEqualTo("b");
            assertThat(farm.forwarded()).isEqualTo(before);
        }
    }

    /** Every key is answered by its owner, and no node forwarded any of them. */
    static void everyKeyStraightToItsOwner(ClientFarm farm, AffinityHttpClient client) throws Exception {
        Map<String, Long> before = farm.forwarded();
        for (String key : KEYS) {
            HttpResponse<String> answer = client.send(get(key), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(node(answer)).as(key).isEqualTo(farm.owner(key));
        }
        assertThat(farm.forwarded()).as("requests forwarded by each node").isEqualTo(before);
    }

    /** A GET for {@code key}, to the farm's logical address. */
    static HttpRequest get(String key) {
        return HttpRequest.newBuilder(logical("/app/price?id=" + key)).build();
    }

    private static URI logical(String pathAndQuery) {
        return URI.create("http://farm" + pathAndQuery);
    }

    /** The node that answered. */
    static String node(HttpResponse<?> response) {
        return response.headers().firstValue(AffinityHttpClient.NODE_HEADER).orElseThrow();
    }
}
