package dev.affinity.client;

import static dev.affinity.client.AffinityHttpClientTest.KEYS;
import static dev.affinity.client.AffinityHttpClientTest.everyKeyStraightToItsOwner;
import static dev.affinity.client.AffinityHttpClientTest.get;
import static dev.affinity.client.AffinityHttpClientTest.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.routing.Member;
import dev.affinity.routing.Ring;
import dev.affinity.routing.Strategy;
import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.LoopbackHazelcast;
import dev.affinity.testing.ServletApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * The client learns the farm from Hazelcast membership: real Jetty nodes with {@code members=hazelcast},
 * each publishing its routing entry from its embedded member of a loopback cluster, and a real
 * Hazelcast client of that cluster given to the builder. Every key goes straight to its owner; a
 * node that joins is in the ring, and one whose member leaves is out of it at once, its keys going
 * to the next in rank and no request to it. The wrapper of Jetty's client follows the cluster the same way.
 */
class HazelcastRingTest {
    private static final Duration MEMBERSHIP_EVENT = Duration.ofSeconds(30);

    @Test
    void theRingIsTheClustersMembersAsTheyJoinAndLeave() throws Exception {
        try (LoopbackHazelcast cluster = new LoopbackHazelcast(4);
             ClientFarm farm = ClientFarm.startOnHazelcast(List.of("a", "b", "c"), cluster);
             Hazelcast hazelcast = new Hazelcast(cluster);
             AffinityHttpClient client = AffinityHttpClient.builder(URI.create("http://farm/app")).hazelcast(hazelcast.client)
                     .key("param:id,session").refreshEvery(Duration.ofHours(1)).build()) {
            farm.awaitAgreement();
            await().atMost(MEMBERSHIP_EVENT).until(() -> names(client).equals(List.of("a", "b", "c")));
            assertThat(client.ring().viewId()).as("the nodes' own view id: the same members, all up").isEqualTo(farm.viewId());
            assertThat(client.ring().contextPath()).isEqualTo("/app");
            everyKeyStraightToItsOwner(farm, client);

            farm.join("d");
            await().atMost(MEMBERSHIP_EVENT).until(() -> names(client).equals(List.of("a", "b", "c", "d")));
            farm.awaitAgreement();
            assertThat(client.ring().viewId()).isEqualTo(farm.viewId());
            everyKeyStraightToItsOwner(farm, client);

            String victim = farm.owner(KEYS.get(0));
            List<String> victimsKeys = KEYS.stream().filter(key -> farm.owner(key).equals(victim)).toList();
            int victimsPort = farm.node(victim).getPort();
            farm.stop(victim);
            await().atMost(MEMBERSHIP_EVENT).until(() -> !names(client).contains(victim));
            try (Tripwire tripwire = new Tripwire(victimsPort)) {
                farm.awaitAgreement();
                Map<String, Long> before = farm.forwarded();
                for (String key : victimsKeys) {
                    HttpResponse<String> answer = client.send(get(key), HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode()).isEqualTo(200);
                    assertThat(node(answer)).as(key).isEqualTo(farm.rank(key).get(1));
                }
                assertThat(farm.forwarded()).as("requests forwarded by each node").isEqualTo(before);
                assertThat(tripwire.requests).as("requests sent to the departed node's address").isEmpty();
            }
            assertThat(client.ring().viewId()).isEqualTo(farm.viewId());
            everyKeyStraightToItsOwner(farm, client);

            AffinityHttpClient byDefault = AffinityHttpClient.builder(URI.create("http://farm/app/")).hazelcast(hazelcast.client).build();
            assertThat(byDefault.ring()).extracting(Ring::key, Ring::strategy, Ring::contextPath).containsExactly("session", "rendezvous", "/app");
            hazelcast.close();
            byDefault.close();
            assertThat(client.ring().viewId()).as("the last ring stays in use once the caller shut its instance down").isEqualTo(farm.viewId());
        }
    }

    @Test
    void theJettyClientFollowsTheClustersMembersToo() throws Exception {
        org.eclipse.jetty.client.HttpClient jetty = new org.eclipse.jetty.client.HttpClient();
        jetty.start();
        try (LoopbackHazelcast cluster = new LoopbackHazelcast(4);
             ClientFarm farm = ClientFarm.startOnHazelcast(List.of("a", "b", "c"), cluster);
             Hazelcast hazelcast = new Hazelcast(cluster);
             AffinityJettyClient client = AffinityJettyClient.builder(jetty, URI.create("http://farm/app")).hazelcast(hazelcast.client)
                     .key("param:id,session").refreshEvery(Duration.ofHours(1)).build()) {
            farm.awaitAgreement();
            await().atMost(MEMBERSHIP_EVENT).until(() -> names(client.ring()).equals(List.of("a", "b", "c")));
            assertThat(client.ring().viewId()).as("the nodes' own view id: the same members, all up").isEqualTo(farm.viewId());
            AffinityJettyClientTest.everyKeyStraightToItsOwner(farm, jetty, client);

            farm.join("d");
            await().atMost(MEMBERSHIP_EVENT).until(() -> names(client.ring()).equals(List.of("a", "b", "c", "d")));
            farm.awaitAgreement();
            AffinityJettyClientTest.everyKeyStraightToItsOwner(farm, jetty, client);
        } finally {
            jetty.stop();
        }
    }

    @Test
    void aStrategyIsForHazelcastOnly() {
        AffinityHttpClient.Builder builder = AffinityHttpClient.builder(URI.create("http://127.0.0.1:1/app")).strategy(Strategy.MAGLEV);
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("strategy(...) is for hazelcast(...)");
    }

    private static List<String> names(AffinityHttpClient client) {
        return names(client.ring());
    }

    private static List<String> names(Ring ring) {
        return ring.memberList().stream().map(Member::name).sorted().toList();
    }

    /** A Hazelcast client of the loopback cluster, as a caller of the farm has. */
    private static final class Hazelcast implements AutoCloseable {
        private final HazelcastInstance client;

        Hazelcast(LoopbackHazelcast cluster) throws Exception {
            client = HazelcastClient.newHazelcastClient(new YamlClientConfigBuilder(cluster.clientYaml().toFile()).build());
        }

        @Override
        public void close() {
            client.shutdown();
        }
    }

    /** Listens on a departed node's address and notes every request that reaches it. */
    private static final class Tripwire implements AutoCloseable {
        private final Queue<String> requests = new ConcurrentLinkedQueue<>();
        private final JettyContainer container = new JettyContainer();

        Tripwire(int port) throws Exception {
            container.bind(port);
            container.start(new ServletApp("").servlet("tripwire", new HttpServlet() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void service(HttpServletRequest request, HttpServletResponse response) {
                    requests.add(request.getMethod() + " " + request.getRequestURI());
                    response.setStatus(503);
                }
            }, "/*"));
        }

        @Override
        public void close() throws Exception {
            container.close();
        }
    }
}
