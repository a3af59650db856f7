package dev.affinity.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.routing.Member;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Placement;
import dev.affinity.routing.Strategy;
import dev.affinity.testing.ArquillianWars;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The built WAR deployed by Arquillian on embedded Jetty 12, and in a second run on embedded Tomcat
 * ({@code -Darquillian.launch=tomcat}: test-support's loopback container), with the balancer file
 * named by a context parameter added to its web.xml, redirecting to real back-end nodes. On Jetty it
 * is at {@code /balancer} (its archive's name), so the redirect must leave the context path out; the
 * loopback Tomcat deploys every WAR at the root context.
 */
@ExtendWith(ArquillianExtension.class)
class ArquillianRedirectBalancerIT {
    private static final List<BackendNode> NODES = new ArrayList<>();
    private static Path config;

    @ArquillianResource
    private URL balancer;

    @Deployment(testable = false)
    static WebArchive balancerWar() throws Exception {
        for (String name : List.of("a", "b", "c")) {
            NODES.add(new BackendNode(name));
        }
        config = Files.createTempFile("balancer", ".json");
        Files.writeString(config, "{\"members\": [" + NODES.stream().map(n -> "\"" + n.memberEntry() + "\"")
                .collect(Collectors.joining(", ")) + "], \"key\": \"param:customer\", \"health\": {\"interval\": \"200ms\"}}");
        return ArquillianWars.withContextParameter(BalancerWar.built(), "balancer.war",
                BalancerConfigLoader.CONFIG_PROPERTY, config.toString());
    }

    @AfterAll
    static void stopNodes() throws Exception {
        for (BackendNode node : NODES) {
            node.close();
        }
        Files.deleteIfExists(config);
    }

    @Test
    void eachKeyGoesToItsOwnerEveryTime() throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            String key = "key-" + i;
            String expected = owner(key).baseUrl() + "/cart?customer=" + key;
            for (int repeat = 0; repeat < 3; repeat++) {
                HttpResponse<String> answer = client.send(request("cart?customer=" + key), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(303);
                assertThat(answer.headers().firstValue("Location")).hasValue(expected);
            }
            used.add(owner(key).name());
        }
        assertThat(used).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aClientFollowingRedirectsReachesTheOwner() throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> answer = client.send(request("shop/item?customer=dora"), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("node=" + owner("dora").name(), "path=/shop/item", "query=customer=dora");
    }

    private HttpRequest request(String relative) throws Exception {
        URI base = balancer.toURI();
        return HttpRequest.newBuilder(base.resolve(relative)).timeout(Duration.ofSeconds(5)).build();
    }

    private static Member owner(String key) {
        List<Member> members = NODES.stream().map(n -> new Member(n.name(), n.baseUrl(), 1)).toList();
        Placement placement = Strategy.RENDEZVOUS.place(members);
        return placement.owner(PartitionKey.of(key).hash());
    }
}
