package dev.affinity.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.routing.Member;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Strategy;
import dev.affinity.testing.RawHttp;
import dev.affinity.testing.TomcatContainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code redirect.status=307} (forced, for every method) and {@code no-key=reject}, on embedded Tomcat. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemporaryRedirectIT {
    private List<BackendNode> nodes;
    private TomcatContainer tomcat;
    private URI balancer;

    @BeforeAll
    void deploy(@TempDir Path work) throws Exception {
        nodes = List.of(new BackendNode("a"), new BackendNode("b"));
        Path config = Files.writeString(work.resolve("balancer.json"), """
                {"members": [%s], "key": "param:customer", "redirect": {"status": "307"}, "no-key": "reject",
                 "health": {"interval": "0"}}
                """.formatted(nodes.stream().map(n -> "\"" + n.memberEntry() + "\"").collect(Collectors.joining(", "))));
        tomcat = new TomcatContainer();
        balancer = BalancerWar.deploy(tomcat, config, Files.createDirectories(work.resolve("tomcat")));
    }

    @AfterAll
    void undeploy() throws Exception {
        tomcat.close();
        for (BackendNode node : nodes) {
            node.close();
        }
    }

    @Test
    void aPostFollowsTheTemporaryRedirectWithItsMethodAndBody() throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        String owner = Strategy.RENDEZVOUS.place(nodes.stream().map(n -> new Member(n.name(), n.baseUrl(), 1)).toList())
                .owner(PartitionKey.of("carol").hash()).name();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(balancer.resolve("/orders?customer=carol"))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("item=42&quantity=3")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("node=" + owner, "method=POST", "path=/orders", "body=item=42&quantity=3");
        HttpResponse<String> redirect = answer.previousResponse().orElseThrow();
        assertThat(redirect.statusCode()).isEqualTo(307);
        assertThat(redirect.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void aForcedStatusIsUsedForEveryMethod() throws Exception {
        RawHttp.Answer get = RawHttp.get(balancer, "/orders?customer=carol", "");
        assertThat(get.status()).isEqualTo(307);
    }

    @Test
    void aRequestWithoutAKeyIsRejected() throws Exception {
        RawHttp.Answer answer = RawHttp.get(balancer, "/orders", "");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Location")).isNull();
        assertThat(answer.body()).contains("the request has no partition key");
    }
}
