package dev.affinity.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wrapper of Jetty's HttpClient against a farm of real Jetty nodes over 127.0.0.1: every key
 * goes straight to its owner (no node forwards anything), an owner stopped at once is replaced
 * by the next member in rank, for a GET and for a POST that was never sent, and a session whose
 * cookie Jetty's cookie store holds goes to the node in its route.
 */
class AffinityJettyClientTest {
    static final List<String> KEYS = IntStream.range(0, 40).mapToObj(i -> "order-" + i).toList();
    private final HttpClient jetty = new HttpClient();

    @BeforeEach
    void start() throws Exception {
        jetty.start();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
    }

    @Test
    void everyKeyGoesStraightToItsOwnerAndAStoppedOwnerIsReplacedByTheNextInRank() throws Exception {
        try (ClientFarm farm = ClientFarm.start(List.of("a", "b", "c"));
             AffinityJettyClient client = AffinityJettyClient.builder(jetty, farm.node("a")).refreshEvery(Duration.ofHours(1)).build()) {
            farm.awaitAgreement();
            everyKeyStraightToItsOwner(farm, jetty, client);

            String victim = farm.owner(KEYS.get(0));
            List<String> victimsKeys = KEYS.stream().filter(key -> farm.owner(key).equals(victim)).toList();
            farm.stop(victim);
            for (String key : victimsKeys) {
                ContentResponse answer = client.send(get(jetty, key));
                assertThat(answer.getStatus()).isEqualTo(200);
                assertThat(node(answer)).as(key).isEqualTo(farm.rank(key).get(1));
            }
            ContentResponse post = client.send(jetty.newRequest(logical("/app/orders?id=" + victimsKeys.get(0))).method(HttpMethod.POST)
                    .body(new StringRequestContent("order")));
            assertThat(post.getStatus()).as("a POST never sent to the stopped owner goes to the next").isEqualTo(200);
            assertThat(node(post)).isEqualTo(farm.rank(victimsKeys.get(0)).get(1));
        }
    }

    @Test
    void aSessionWhoseCookieJettysStoreHoldsGoesToTheNodeInItsRoute() throws Exception {
        try (ClientFarm farm = ClientFarm.start(List.of("a", "b", "c"));
             AffinityJettyClient client = AffinityJettyClient.builder(jetty, farm.node("b")).build()) {
            farm.awaitAgreement();
            ContentResponse login = client.send(jetty.newRequest(logical("/app/login")).method(HttpMethod.POST));
            String route = node(login);
            List<HttpCookie> kept = jetty.getHttpCookieStore().match(logical("/app/cart"));
            assertThat(kept).as("kept for the farm's address").extracting(HttpCookie::getName).containsExactly("JSESSIONID");
            String session = kept.get(0).getValue();
            assertThat(session).endsWith("." + route);
            URI member = farm.node(route);
            jetty.getHttpCookieStore().match(member).forEach(cookie -> jetty.getHttpCookieStore().remove(member, cookie));
            assertThat(jetty.getHttpCookieStore().match(member)).as("the members' own copy gone, as if each had its host").isEmpty();
            Map<String, Long> before = farm.forwarded();
            for (int i = 0; i < 6; i++) {
                ContentResponse visit = client.send(jetty.newRequest(logical("/app/cart")));
                assertThat(node(visit)).as("the session's route").isEqualTo(route);
                assertThat(visit.getContentAsString()).contains(session);
            }
            assertThat(farm.forwarded()).as("requests forwarded by each node").isEqualTo(before);
        }
    }

    /** Every key is answered by its owner, through {@code client}, and no node forwarded any of them. */
    static void everyKeyStraightToItsOwner(ClientFarm farm, HttpClient jetty, AffinityJettyClient client) throws Exception {
        Map<String, Long> before = farm.forwarded();
        for (String key : KEYS) {
            ContentResponse answer = client.send(get(jetty, key));
            assertThat(answer.getStatus()).isEqualTo(200);
            assertThat(node(answer)).as(key).isEqualTo(farm.owner(key));
        }
        assertThat(farm.forwarded()).as("requests forwarded by each node").isEqualTo(before);
    }

    private static Request get(HttpClient jetty, String key) {
        return jetty.newRequest(logical("/app/price?id=" + key));
    }

    private static URI logical(String pathAndQuery) {
        return URI.create("http://farm" + pathAndQuery);
    }

    private static String node(ContentResponse response) {
        return response.getHeaders().get(AffinityHttpClient.NODE_HEADER);
    }
}
