package dev.affinity.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.routing.HealthMonitor;
import dev.affinity.routing.Member;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Placement;
import dev.affinity.routing.Strategy;
import dev.affinity.testing.HealthRecords;
import dev.affinity.testing.LogRecords;
import dev.affinity.testing.PrometheusText;
import dev.affinity.testing.RawHttp;
import dev.affinity.testing.TestBudgets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the balancer WAR must do on any container: deployed from the built WAR at the root context,
 * pointing at real back-end nodes on 127.0.0.1 that {@link #startFarm} starts, with the balancer file
 * it writes. Subclasses deploy it and name the farm and the balancer's base URL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RedirectBalancerContract {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /**
     * The promise under test (operations.md, testing.md): a back end whose health answers {@code 503
     * draining} gets no new key within a second (the balancer's {@code health.interval}, 100ms here, at
     * 1s or below). Measured from the drain to the moment the balancer's health monitor marked it
     * draining (its log record), not to the moment this test's requests noticed, which a busy machine delays.
     */
    private static final Duration NO_NEW_KEY_WITHIN = Duration.ofSeconds(1);
    private static final int FALL = 2;
    private static final int RISE = 2;
    private static final List<String> DEFAULT_POOL = List.of("a", "b", "c");
    private static final List<String> PREMIUM_POOL = List.of("p1", "p2");
    private static final String OUTAGE_NODE = "down1";

    private final HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** The back-end nodes {@link #startFarm} started. */
    abstract BackendFarm farm();

    /** The balancer's base URL, {@code http://127.0.0.1:<port>}, without a trailing slash. */
    abstract URI balancer();

    /**
     * Starts the contract's back-end nodes in {@code farm}: the default pool a, b and c, the premium
     * pool p1 and p2, and down1, alone in the outage pool and failing its health check; writes the
     * balancer file naming them in {@code work}; the file.
     */
    static Path startFarm(BackendFarm farm, Path work) throws Exception {
        Path config = farm.startWithBalancerFile(work, nodes -> """
                {
                  "members": [%s],
                  "key": "param:customer,header:X-Customer,session",
                  "strategy": "rendezvous",
                  "health": {"interval": "100ms", "timeout": "500ms", "rise": %d, "fall": %d},
                  "sticky": {"cookie": "AFFINITY_NODE"},
                  "retry-after": "3s",
                  "balancer-status": {"enabled": true},
                  "balancer-metrics": {"enabled": true},
                  "pools": {"premium": [%s], "outage": ["%s"]},
                  "rules": [
                    {"header": "X-Tier", "value": "gold", "pool": "premium"},
                    {"param": "tier", "value": "gold", "pool": "premium"},
                    {"path": "/premium/", "pool": "premium"},
                    {"glob": "/vip/*/lounge/**", "pool": "premium"},
                    {"path": "/outage/", "pool": "outage"}
                  ]
                }
                """.formatted(BackendFarm.entries(nodesNamed(farm, DEFAULT_POOL)), RISE, FALL,
                BackendFarm.entries(nodesNamed(farm, PREMIUM_POOL)), farm.node(OUTAGE_NODE).memberEntry()),
                Stream.of(DEFAULT_POOL, PREMIUM_POOL, List.of(OUTAGE_NODE)).flatMap(List::stream).toArray(String[]::new));
        farm.node(OUTAGE_NODE).failHealth(true);
        return config;
    }

    @Test
    void sameKeyAlwaysGoesToTheSameNode() throws Exception {
        for (String key : List.of("alice", "bob", "carol", "42", "zoë")) {
            Set<String> targets = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                targets.add(locationNode(get("/shop/cart?customer=" + encode(key))));
            }
            assertThat(targets).as("nodes for key %s", key).containsExactly(owner(defaultNodes(), key).name());
        }
    }

    @Test
    void keysSpreadAsThePlacementSays() throws Exception {
        Map<String, Integer> perNode = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            String key = "customer-" + i;
            HttpResponse<String> answer = get("/orders/" + i + "?customer=" + key + "&x=1");
            String node = locationNode(answer);
            assertThat(node).as("node of %s", key).isEqualTo(owner(defaultNodes(), key).name());
            assertThat(answer.headers().firstValue("Location")).hasValue(
                    nodeNamed(node).baseUrl() + "/orders/" + i + "?customer=" + key + "&x=1");
            perNode.merge(node, 1, Integer::sum);
        }
        assertThat(perNode.keySet()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(perNode.values()).allSatisfy(count -> assertThat(count).isBetween(60, 140));
    }

    @Test
    void aClientThatFollowsRedirectsReachesTheOwner() throws Exception {
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        for (String key : List.of("k1", "k2", "k3", "k4")) {
            HttpResponse<String> answer = following.send(HttpRequest.newBuilder(balancer().resolve("/shop/item/7?customer=" + key)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.uri().getPort()).isEqualTo(owner(defaultNodes(), key).baseUrl().getPort());
            assertThat(answer.body()).contains("node=" + owner(defaultNodes(), key).name(), "path=/shop/item/7", "query=customer=" + key);
        }
    }

    @Test
    void theRedirectIsASeeOtherThatIsNeverCachedWithAnEscapedLink() throws Exception {
        HttpResponse<String> answer = get("/shop?customer=alice&q=%3Cb%3E");
        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo(owner(defaultNodes(), "alice").baseUrl() + "/shop?customer=alice&q=%3Cb%3E");
        assertThat(answer.body()).contains("href=\"" + location.replace("&", "&amp;") + "\"").doesNotContain("<b>");
    }

    /** By default the redirect keeps the method: a POST followed as a client would reaches the owner with its body. */
    @Test
    void aPostFollowedAsAClientWouldKeepsItsMethodAndBody() throws Exception {
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        for (String method : List.of("POST", "PUT", "PATCH")) {
            HttpResponse<String> answer = following.send(HttpRequest.newBuilder(balancer().resolve("/orders?customer=carol"))
                    .timeout(Duration.ofSeconds(5)).method(method, HttpRequest.BodyPublishers.ofString("item=42&quantity=3")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(method).isEqualTo(200);
            assertThat(answer.body()).contains("node=" + owner(defaultNodes(), "carol").name(), "method=" + method, "path=/orders",
                    "body=item=42&quantity=3");
            assertThat(answer.previousResponse().orElseThrow().statusCode()).isEqualTo(307);
        }
        HttpResponse<String> head = noRedirects.send(HttpRequest.newBuilder(balancer().resolve("/orders?customer=carol"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(303);
    }

    @Test
    void theStatusPageAnswersOnlyGetAndIsNeverCached() throws Exception {
        for (String method : List.of("POST", "DELETE", "PUT")) {
            HttpResponse<String> answer = noRedirects.send(HttpRequest.newBuilder(URI.create(balancer() + "/balancer/status"))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(method).isEqualTo(405);
            assertThat(answer.headers().firstValue("Allow")).hasValue("GET");
            assertThat(answer.headers().firstValue("Location")).isEmpty();
        }
        assertThat(get("/balancer/status").headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(new ObjectMapper().readTree(get("/balancer/status").body()).path("redirectStatus").asText()).isEqualTo("by-method");
    }

    @Test
    void theMetricsCountDecisionsByPoolAndStatus() throws Exception {
        await().atMost(WAIT).until(() -> get("/outage/page?customer=alice").statusCode() == 503);
        PrometheusText before = scrape();
        for (int i = 0; i < 3; i++) {
            assertThat(get("/shop?customer=metrics-" + i).statusCode()).isEqualTo(303);
        }
        HttpResponse<String> post = noRedirects.send(HttpRequest.newBuilder(balancer().resolve("/orders?customer=metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(307);
        assertThat(get("/premium/offers?customer=metrics").statusCode()).isEqualTo(303);
        assertThat(get("/outage/page?customer=metrics").statusCode()).isEqualTo(503);
        assertThat(get("/shop", "X-Customer", "k".repeat(300)).statusCode()).isEqualTo(400);
        PrometheusText after = scrape();

        assertThat(decisions(after, "default", "303") - decisions(before, "default", "303")).isEqualTo(3);
        assertThat(decisions(after, "default", "307") - decisions(before, "default", "307")).isEqualTo(1);
        assertThat(decisions(after, "premium", "303") - decisions(before, "premium", "303")).isEqualTo(1);
        assertThat(decisions(after, "outage", "503") - decisions(before, "outage", "503")).isEqualTo(1);
        assertThat(decisions(after, "none", "400") - decisions(before, "none", "400")).isEqualTo(1);
        assertThat(decisions(after, "premium", "503") - decisions(before, "premium", "503")).isZero();
        assertThat(after.require("affinity_balancer_member_up", Map.of("member", "a"))).isEqualTo(1);
        assertThat(after.require("affinity_balancer_member_up", Map.of("member", "down1"))).isZero();
    }

    @Test
    void theMetricsAnswerOnlyGet() throws Exception {
        HttpResponse<String> posted = noRedirects.send(HttpRequest.newBuilder(balancer().resolve("/balancer/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(405);
        assertThat(posted.headers().firstValue("Location")).isEmpty();
        assertThat(posted.body()).doesNotContain("affinity_");
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> answer = get("/balancer/metrics");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        return PrometheusText.parse(answer.body());
    }

    private static double decisions(PrometheusText scrape, String pool, String status) {
        return scrape.require("affinity_balancer_decisions_total", Map.of("pool", pool, "status", status));
    }

    @Test
    void aSessionIdGoesToTheNodeItsRouteNames() throws Exception {
        for (BackendNode node : defaultNodes()) {
            HttpResponse<String> answer = get("/account", "Cookie", "JSESSIONID=f00dcafe." + node.name());
            assertThat(locationNode(answer)).isEqualTo(node.name());
        }
    }

    @Test
    void rulesSendRequestsToTheirPool() throws Exception {
        Set<String> premium = premiumNodes().stream().map(BackendNode::name).collect(Collectors.toSet());
        assertThat(locationNode(get("/shop?customer=alice", "X-Tier", "gold"))).isIn(premium);
        assertThat(locationNode(get("/shop?customer=alice&tier=gold"))).isIn(premium);
        assertThat(locationNode(get("/premium/offers?customer=alice"))).isIn(premium);
        assertThat(locationNode(get("/vip/europe/lounge/bar/menu?customer=alice"))).isIn(premium);
        assertThat(locationNode(get("/vip/europe/hall?customer=alice"))).isEqualTo(owner(defaultNodes(), "alice").name());
        assertThat(locationNode(get("/shop?customer=alice", "X-Tier", "silver"))).isEqualTo(owner(defaultNodes(), "alice").name());
        for (String key : List.of("alice", "bob", "carol", "dave")) {
            assertThat(locationNode(get("/premium/x?customer=" + key))).isEqualTo(owner(premiumNodes(), key).name());
        }
    }

    @Test
    void keylessRequestsTakeTurnsAndStickWithTheCookie() throws Exception {
        Map<String, Integer> perNode = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> answer = get("/welcome");
            String node = locationNode(answer);
            perNode.merge(node, 1, Integer::sum);
            assertThat(answer.headers().allValues("Set-Cookie")).anySatisfy(cookie ->
                    assertThat(cookie).startsWith("AFFINITY_NODE=" + node + ";").containsIgnoringCase("HttpOnly"));
        }
        assertThat(perNode).containsOnly(Map.entry("a", 2), Map.entry("b", 2), Map.entry("c", 2));
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> answer = get("/welcome", "Cookie", "AFFINITY_NODE=b");
            assertThat(locationNode(answer)).isEqualTo("b");
            assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
        }
        HttpResponse<String> unknown = get("/welcome", "Cookie", "AFFINITY_NODE=evil.example");
        assertThat(locationNode(unknown)).isIn("a", "b", "c");
    }

    @Test
    void aPoolWithoutHealthyMembersIsUnavailableWithRetryAfter() {
        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> answer = get("/outage/page?customer=alice");
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("3");
            assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
            assertThat(answer.body()).contains("no healthy member in pool outage");
        });
        assertThat(nodeNamed(OUTAGE_NODE).failedProbes()).isGreaterThanOrEqualTo(FALL);
    }

    @Test
    void aNodeFailingItsHealthCheckIsSkippedAfterItsFallCount() throws Exception {
        String key = keyOwnedBy(defaultNodes(), "b");
        BackendNode b = nodeNamed("b");
        String second = rankedNames(defaultNodes(), key).get(1);
        b.failHealth(true);
        try {
            await().atMost(WAIT).until(() -> locationNode(get("/x?customer=" + key)).equals(second));
            assertThat(b.failedProbes()).as("failed probes before b was skipped").isGreaterThanOrEqualTo(FALL);
            HttpResponse<String> stuckToB = get("/welcome", "Cookie", "AFFINITY_NODE=b");
            String moved = locationNode(stuckToB);
            assertThat(moved).isNotEqualTo("b");
            assertThat(stuckToB.headers().allValues("Set-Cookie")).anySatisfy(cookie ->
                    assertThat(cookie).startsWith("AFFINITY_NODE=" + moved + ";"));
        } finally {
            b.failHealth(false);
        }
        await().atMost(WAIT).until(() -> locationNode(get("/x?customer=" + key)).equals("b"));
        assertThat(b.healthyProbes()).as("healthy probes before b came back").isGreaterThanOrEqualTo(RISE);
    }

    @Test
    void aDrainingNodeGetsNoNewKeyWithinOneSecondAndItsKeysComeBackWhenItServes() throws Exception {
        String key = keyOwnedBy(defaultNodes(), "a");
        BackendNode a = nodeNamed("a");
        String second = rankedNames(defaultNodes(), key).get(1);
        try (LogRecords log = new LogRecords(HealthMonitor.class.getName())) {
            a.drain(true);
            Instant drainedAt = Instant.now();
            await().atMost(TestBudgets.EVENTUALLY).until(() -> locationNode(get("/d?customer=" + key)).equals(second));
            List<Instant> marked = HealthRecords.markedDraining(log, "a");
            assertThat(marked).as("when the balancer marked a draining (%s)", log.text()).hasSize(1)
                    .allSatisfy(at -> assertThat(Duration.between(drainedAt, at)).as("from the drain to %s", at)
                            .isLessThan(NO_NEW_KEY_WITHIN));
            assertThat(locationNode(get("/d?customer=" + key + "-other"))).isNotEqualTo("a");
            JsonNode status = new ObjectMapper().readTree(get("/balancer/status").body());
            assertThat(status.path("pools").path("default").path("members").findValues("draining").toString()).contains("true");
            assertThat(scrape().require("affinity_balancer_member_draining", Map.of("member", "a"))).isEqualTo(1);
            assertThat(scrape().require("affinity_balancer_member_draining", Map.of("member", "b"))).isZero();
        } finally {
            a.drain(false);
        }
        await().atMost(WAIT).until(() -> locationNode(get("/d?customer=" + key)).equals("a"));
    }

    @Test
    void aStoppedNodeIsSkippedAndComesBackAfterItsRiseCount() throws Exception {
        String key = keyOwnedBy(defaultNodes(), "c");
        BackendNode c = nodeNamed("c");
        String second = rankedNames(defaultNodes(), key).get(1);
        c.stop();
        try {
            await().atMost(WAIT).until(() -> locationNode(get("/y?customer=" + key)).equals(second));
        } finally {
            c.restart();
        }
        await().atMost(WAIT).until(() -> locationNode(get("/y?customer=" + key)).equals("c"));
        assertThat(c.healthyProbes()).as("healthy probes before c came back").isGreaterThanOrEqualTo(RISE);
    }

    @Test
    void theStatusPageShowsPoolsMembersHealthAndCounts() throws Exception {
        get("/status-check?customer=alice");
        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> answer = get("/balancer/status");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
            JsonNode status = new ObjectMapper().readTree(answer.body());
            assertThat(status.path("strategy").asText()).isEqualTo("rendezvous");
            assertThat(status.path("pools").path("default").path("members")).hasSize(3);
            assertThat(status.path("pools").path("premium").path("members")).hasSize(2);
            JsonNode down = status.path("pools").path("outage").path("members").get(0);
            assertThat(down.path("name").asText()).isEqualTo("down1");
            assertThat(down.path("healthy").asBoolean()).isFalse();
            long redirects = 0;
            for (JsonNode member : status.path("pools").path("default").path("members")) {
                redirects += member.path("redirects").asLong();
            }
            assertThat(redirects).isPositive();
            assertThat(status.path("rules")).hasSize(5);
        });
    }

    /** Who must answer a malformed request. */
    enum Answerer {
        /** Every container passes it to the webapp: the balancer answers. */
        BALANCER,
        /** A lenient container passes it on; a strict one may answer 400 itself. */
        BALANCER_WHEN_LENIENT,
        /** Even a lenient container's HTTP parser refuses it. */
        CONTAINER
    }

    /** Each malformed request and who must answer it. */
    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                Arguments.of("encoded CR LF in the path", "/a%0d%0aSet-Cookie:%20x=1?customer=alice", "", Answerer.BALANCER_WHEN_LENIENT),
                Arguments.of("encoded LF in the query", "/a?customer=alice&next=%0aLocation:%20http://evil.example", "", Answerer.BALANCER),
                Arguments.of("a backslash in the path", "/\\evil.example/x?customer=alice", "", Answerer.BALANCER_WHEN_LENIENT),
                Arguments.of("an encoded backslash in the path", "/%5Cevil.example/x?customer=alice", "", Answerer.BALANCER_WHEN_LENIENT),
                Arguments.of("a path starting with //", "//evil.example/x?customer=alice", "", Answerer.BALANCER_WHEN_LENIENT),
                Arguments.of("bad percent-encoding in the path", "/shop%zz?customer=alice", "", Answerer.CONTAINER),
                Arguments.of("a truncated percent-escape in the query", "/shop?customer=alice%4", "", Answerer.BALANCER),
                Arguments.of("bad percent-encoding in the key", "/shop?customer=%G1", "", Answerer.BALANCER),
                Arguments.of("an oversize key in the query", "/shop?customer=" + "k".repeat(300), "", Answerer.BALANCER),
                Arguments.of("an oversize key in a header", "/shop", "X-Customer: " + "k".repeat(300) + "\r\n", Answerer.BALANCER),
                Arguments.of("a control character in a header key", "/shop", "X-Customer: a\tb\u0001\r\n", Answerer.CONTAINER),
                Arguments.of("a quote in the path", "/a\"b?customer=alice", "", Answerer.BALANCER_WHEN_LENIENT));
    }

    /**
     * Whether the container passes every malformed request target to the webapp (a lenient URI
     * compliance), so that the balancer's own checks answer all of them.
     */
    boolean containerPassesMalformedTargets() {
        return false;
    }

    @ParameterizedTest(name = "{0} is a 400")
    @MethodSource("malformedRequests")
    void malformedRequestsAreRejected(String what, String target, String headers, Answerer answerer) throws Exception {
        RawHttp.Answer answer = RawHttp.get(balancer(), target, headers);
        assertThat(answer.status()).as(what).isEqualTo(400);
        assertThat(answer.header("Location")).as(what).isNull();
        assertThat(answer.body()).as(what).doesNotContain("Exception", "java.");
        if (answerer == Answerer.BALANCER || answerer == Answerer.BALANCER_WHEN_LENIENT && containerPassesMalformedTargets()) {
            assertThat(answer.header("Content-Type")).as(what).startsWithIgnoringCase("text/plain");
            assertThat(answer.body().strip()).as(what).doesNotContain("\n").hasSizeLessThan(120);
        }
    }

    @Test
    void hostAndForwardedHeadersNeverChooseTheTarget() throws Exception {
        String expected = owner(defaultNodes(), "alice").baseUrl() + "/shop?customer=alice";
        RawHttp.Answer hostHeader = RawHttp.get(balancer(), "/shop?customer=alice", "Host: evil.example\r\n");
        assertThat(hostHeader.status()).isEqualTo(303);
        assertThat(hostHeader.header("Location")).isEqualTo(expected);
        RawHttp.Answer forwarded = RawHttp.get(balancer(), "/shop?customer=alice", "X-Forwarded-Host: evil.example\r\n"
                + "X-Forwarded-Proto: https\r\nX-Forwarded-Port: 443\r\nForwarded: host=evil.example;proto=https\r\n");
        assertThat(forwarded.status()).isEqualTo(303);
        assertThat(forwarded.header("Location")).isEqualTo(expected);
    }

    @Test
    void userInfoTricksStayOnTheConfiguredMember() throws Exception {
        BackendNode owner = owner(defaultNodes(), "alice");
        RawHttp.Answer absolute = RawHttp.get(balancer(), "http://evil.example@" + balancer().getAuthority() + "/shop?customer=alice", "");
        if (absolute.status() != 400) {
            assertThat(absolute.status()).isEqualTo(303);
            assertThat(absolute.header("Location")).isEqualTo(owner.baseUrl() + "/shop?customer=alice");
        }
        RawHttp.Answer atInPath = RawHttp.get(balancer(), "/@evil.example/shop?customer=alice", "");
        assertThat(atInPath.status()).isEqualTo(303);
        URI location = URI.create(atInPath.header("Location"));
        assertThat(location.getRawAuthority()).isEqualTo(owner.baseUrl().getRawAuthority());
        assertThat(location.getRawPath()).isEqualTo("/@evil.example/shop");
        RawHttp.Answer atInQuery = RawHttp.get(balancer(), "/shop?customer=alice&next=@evil.example", "");
        assertThat(URI.create(atInQuery.header("Location")).getRawAuthority()).isEqualTo(owner.baseUrl().getRawAuthority());
    }

    private HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(balancer() + pathAndQuery)).timeout(Duration.ofSeconds(5));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return noRedirects.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String locationNode(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as("status of %s: %s", answer.uri(), answer.body()).isEqualTo(303);
        URI location = URI.create(answer.headers().firstValue("Location").orElseThrow());
        return allNodes().stream().filter(n -> n.baseUrl().getPort() == location.getPort()
                        && n.baseUrl().getHost().equals(location.getHost()))
                .map(BackendNode::name).findFirst().orElseThrow(() -> new AssertionError("not a member: " + location));
    }

    private BackendNode nodeNamed(String name) {
        return farm().node(name);
    }

    private List<BackendNode> allNodes() {
        return farm().nodes();
    }

    private List<BackendNode> defaultNodes() {
        return nodesNamed(farm(), DEFAULT_POOL);
    }

    private List<BackendNode> premiumNodes() {
        return nodesNamed(farm(), PREMIUM_POOL);
    }

    private static List<BackendNode> nodesNamed(BackendFarm farm, List<String> names) {
        return names.stream().map(farm::node).toList();
    }

    private static Placement placement(List<BackendNode> nodes) {
        return Strategy.RENDEZVOUS.place(nodes.stream().map(n -> new Member(n.name(), n.baseUrl(), 1)).toList());
    }

    private BackendNode owner(List<BackendNode> nodes, String key) {
        return nodeNamed(placement(nodes).owner(PartitionKey.of(key).hash()).name());
    }

    private static List<String> rankedNames(List<BackendNode> nodes, String key) {
        return placement(nodes).rank(PartitionKey.of(key).hash()).stream().map(Member::name).toList();
    }

    private String keyOwnedBy(List<BackendNode> nodes, String name) {
        for (int i = 0; i < 1000; i++) {
            if (owner(nodes, "health-" + i).name().equals(name)) {
                return "health-" + i;
            }
        }
        throw new AssertionError("no key owned by " + name);
    }

    private static String encode(String key) {
        return java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8);
    }
}
