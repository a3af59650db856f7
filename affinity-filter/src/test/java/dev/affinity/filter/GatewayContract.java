package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.routing.Member;
import dev.affinity.routing.MemberListParser;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Ring;
import dev.affinity.routing.Strategy;
import dev.affinity.testing.ServletContainer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A gateway ({@code gateway=true}) in front of three members, on real containers over 127.0.0.1:
 * every key reaches its owner, keyless requests go to the members in turn, failover follows the
 * key's rank, the members check the gateway's marks as any member's, and its status and ring say
 * what it is. Each container kind runs the whole contract.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GatewayContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MEMBERS = List.of("a", "b", "c");
    private static final String GATEWAY = "gw";

    private Farm farm;
    private HttpClient http;

    /** The container kind under test. */
    abstract Supplier<ServletContainer> kind();

    @BeforeAll
    void startFarm() throws Exception {
        List<String> nodes = List.of("a", "b", "c", GATEWAY);
        farm = Farm.start(kind(), nodes, (name, ports) -> {
            Map<String, String> settings = Farm.defaults(name, members(ports));
            if (name.equals(GATEWAY)) {
                settings.put("gateway", "true");
                settings.put("self", "gateway");
            }
            return settings;
        });
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stopFarm() throws Exception {
        farm.close();
    }

    @BeforeEach
    void awaitEveryMemberUp() {
        farm.awaitEveryMemberConfirmed();
    }

    @Test
    void everyKeyReachesItsOwnerWithTheGatewaysMark() throws Exception {
        Set<String> owners = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String key = "customer-" + i;
            String owner = rank(key).get(0);
            owners.add(owner);
            HttpResponse<String> response = get(farm.url(GATEWAY, "/app/echo?id=" + key));
            JsonNode seen = JSON.readTree(response.body());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue(AffinityFilter.NODE_HEADER)).as(key).hasValue(owner);
            assertThat(seen.get("mark").asText()).startsWith("origin=gateway;");
            assertThat(seen.get("via").asText()).isEqualTo("1.1 gateway");
        }
        assertThat(owners).containsExactlyInAnyOrderElementsOf(MEMBERS);
    }

    @Test
    void requestsWithoutAKeyGoToTheMembersInTurn() throws Exception {
        Set<String> served = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = get(farm.url(GATEWAY, "/app/echo"));
            assertThat(response.statusCode()).isEqualTo(200);
            served.add(response.headers().firstValue(AffinityFilter.NODE_HEADER).orElseThrow());
        }
        assertThat(served).containsExactlyInAnyOrderElementsOf(MEMBERS);
    }

    @Test
    void theStatusAndTheRingSayItIsAGatewayInFrontOfTheMembers() throws Exception {
        JsonNode status = JSON.readTree(get(farm.url(GATEWAY, "/app/affinity/status")).body());
        assertThat(status.get("gateway").asBoolean()).isTrue();
        assertThat(status.get("self").asText()).isEqualTo("gateway");
        assertThat(JSON.readTree(get(farm.url("a", "/app/affinity/status")).body()).get("gateway").asBoolean()).isFalse();

        Ring fromGateway = Ring.parse(get(farm.url(GATEWAY, "/app/affinity/ring")).body());
        Ring fromMember = Ring.parse(get(farm.url("b", "/app/affinity/ring")).body());
        assertThat(fromGateway.memberList()).extracting(Member::name).containsExactlyElementsOf(MEMBERS);
        assertThat(fromGateway.viewId()).isEqualTo(fromMember.viewId());
        assertThat(fromGateway.contextPath()).isEqualTo("/app");
        assertThat(fromGateway.key()).isEqualTo("param:id,cookie:customer,header:X-Customer");
    }

    @Test
    void theRingAnswersGetOnlyAndNeverCached() throws Exception {
        HttpResponse<String> post = send(HttpRequest.newBuilder(farm.url("a", "/app/affinity/ring")).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
        HttpResponse<String> ring = get(farm.url("a", "/app/affinity/ring"));
        assertThat(ring.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(ring.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }

    @Test
    void aRingTurnedOffIsTheApplicationsPath() throws Exception {
        ServletContainer node = kind().get();
        try (node) {
            node.bind(0);
            Map<String, String> settings = Farm.defaults("solo", Map.of("solo", 1));
            settings.put("members", "http://127.0.0.1:" + node.port() + ";name=solo");
            settings.put("ring.enabled", "false");
            node.start(Farm.app("solo", settings, true));
            HttpResponse<String> response = get(URI.create(node.baseUrl() + "/app/affinity/ring"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("node").asText()).isEqualTo("solo");
        }
    }

    @Test
    void aStoppedOwnersKeysGoToTheSecondRankedMemberAndReturn() throws Exception {
        String key = keyOwnedBy("c");
        String second = rank(key).get(1);
        farm.stop("c");
        try {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = get(farm.url(GATEWAY, "/app/echo?id=" + key));
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue(second);
            }
            HttpResponse<String> post = send(HttpRequest.newBuilder(farm.url(GATEWAY, "/app/echo?id=" + key))
                    .POST(HttpRequest.BodyPublishers.ofString("order")));
            assertThat(post.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(post.body()).get("bodyLength").asLong()).isEqualTo(5);
        } finally {
            farm.restart("c");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(get(farm.url(GATEWAY, "/app/echo?id=" + key)).headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue("c"));
    }

    @Test
    void membersHonourOnlyTheGatewaysGenuineMark() throws Exception {
        String key = keyOwnedBy("b");
        String target = "/app/echo?id=" + key;
        long hash = PartitionKey.of(key).hash();
        ForwardingMark wrong = new ForwardingMark("not-the-farm-secret-0123", Duration.ofSeconds(30), System::currentTimeMillis);
        ForwardingMark right = new ForwardingMark(Farm.SECRET, Duration.ofSeconds(30), System::currentTimeMillis);

        HttpResponse<String> unmarked = get(farm.url("a", target));
        assertThat(unmarked.headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue("b");
        HttpResponse<String> forged = send(HttpRequest.newBuilder(farm.url("a", target))
                .header(ForwardingMark.HEADER, wrong.sign("gateway", "a", hash, "GET", target)));
        assertThat(forged.headers().firstValue(AffinityFilter.NODE_HEADER)).as("a forged gateway mark is not honoured").hasValue("b");
        assertThat(JSON.readTree(forged.body()).get("mark").asText()).startsWith("origin=a;");
        HttpResponse<String> genuine = send(HttpRequest.newBuilder(farm.url("a", target))
                .header(ForwardingMark.HEADER, right.sign("gateway", "a", hash, "GET", target)));
        assertThat(genuine.headers().firstValue(AffinityFilter.NODE_HEADER)).as("a genuine gateway mark is served where it lands")
                .hasValue("a");
    }

    @Test
    void aNodeThatIsNoMemberWithoutGatewayStillAnswersItIsNotAMember() throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>(farm.ports());
        ports.remove(GATEWAY);
        ServletContainer stray = kind().get();
        try (stray) {
            stray.bind(0);
            Map<String, String> settings = Farm.defaults("stray", ports);
            settings.remove("self");
            stray.start(Farm.app("stray", settings, true));
            HttpResponse<String> response = get(URI.create(stray.baseUrl() + "/app/echo?id=" + keyOwnedBy("a")));
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("this node is not one of the configured members");
        }
    }

    private static Map<String, Integer> members(Map<String, Integer> ports) {
        Map<String, Integer> members = new LinkedHashMap<>(ports);
        members.remove(GATEWAY);
        return members;
    }

    private List<String> rank(String key) {
        List<Member> members = new MemberListParser("members").parseList(Farm.members(members(farm.ports())));
        return Strategy.RENDEZVOUS.place(members).rank(PartitionKey.of(key).hash()).stream().map(Member::name).toList();
    }

    private String keyOwnedBy(String owner) {
        for (int i = 0; i < 10_000; i++) {
            if (rank("key-" + i).get(0).equals(owner)) {
                return "key-" + i;
            }
        }
        throw new IllegalStateException("no key owned by " + owner);
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
