package dev.affinity.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.client.AffinityHttpClient;
import dev.affinity.testing.DashboardPage;
import dev.affinity.testing.HeadlessChromium;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo as a newcomer runs it: the launcher jar, real node processes, a real browser, a node
 * drained and undrained from the farm dashboard; the partition-aware client and
 * {@code affinity-node.jar --gateway} in front of the same nodes, each key straight to its owner;
 * then kill -9 of a node (its keys and sessions go on, on the others) and of the launcher. The tests
 * run in order on one farm, which takes most of the time to start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keys spread over the nodes; with 48, each of three nodes owns some (all but one in 10^8 farms). */
    private static final List<String> KEYS = IntStream.range(0, 48).mapToObj(i -> "/price?id=" + i).toList();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> owners = new LinkedHashMap<>();
    private DemoFarm farm;
    private AffinityHttpClient partitionAware;
    private GatewayProcess gateway;
    private String victim;

    @BeforeAll
    void startDemo() throws IOException {
        farm = new DemoFarm();
    }

    @AfterAll
    void stopDemo() {
        if (partitionAware != null) {
            partitionAware.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    @Order(0)
    void theFirstRequestAfterReadyIsRedirectedToANodeOfTheWholeCluster() throws Exception {
        for (String node : farm.nodes()) {
            JsonNode backup = JSON.readTree(send(URI.create(farm.url(node) + "/affinity/session-status")).body());
            assertThat(backup.path("clusterSize").asInt()).as(node + "'s Hazelcast cluster right after Ready: " + backup).isEqualTo(3);
        }
        HttpClient noRedirects = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> first = noRedirects.send(HttpRequest.newBuilder(URI.create(farm.balancer() + "/price?id=first"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(303);
        String location = first.headers().firstValue("Location").orElseThrow();
        String node = nodeOf(location);
        HttpResponse<String> owner = noRedirects.send(HttpRequest.newBuilder(URI.create(location)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(owner.statusCode()).as(owner.body()).isEqualTo(200);
        assertThat(owner.headers().firstValue("X-Affinity-Node")).as("the node the balancer chose serves the key itself").contains(node);
    }

    @Test
    @Order(1)
    void sameKeyGoesToTheSameNodeWhoseCacheAnswersTheRepeat() throws Exception {
        HttpClient client = client();
        JsonNode first = getJson(client, "/price?id=demo-42&amount=2");
        HttpResponse<String> repeat = get(client, "/price?id=demo-42&amount=2");
        assertThat(repeat.headers().firstValue("X-Cached")).contains("true");
        assertThat(repeat.headers().firstValue("X-Affinity-Node")).contains(first.get("node").asText());
        assertThat(JSON.readTree(repeat.body()).get("price").decimalValue()).isEqualTo(first.get("price").decimalValue());
    }

    @Test
    @Order(2)
    void thePageShowsItsNodeAndACounterThatGrowsOnReloadAndLinksTheFarmDashboard() throws Exception {
        WebDriver browser = HeadlessChromium.start();
        try {
            browser.get(farm.balancer() + "/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.until(b -> b.findElement(By.id("count")).getText().matches("\\d+"));
            String node = browser.findElement(By.id("node")).getText();
            int count = Integer.parseInt(browser.findElement(By.id("count")).getText());
            assertThat(node).matches("node[1-3]");
            assertThat(browser.getCurrentUrl()).startsWith("http://127.0.0.1:");

            browser.navigate().refresh();
            wait.until(b -> b.findElement(By.id("count")).getText().equals(String.valueOf(count + 1)));
            assertThat(browser.findElement(By.id("node")).getText()).isEqualTo(node);
            wait.until(b -> b.findElements(By.cssSelector("#members tr")).size() == 3);
            wait.until(b -> b.findElement(By.id("owners")).getText().contains("→ node"));

            JavascriptExecutor page = (JavascriptExecutor) browser;
            // only the cart's POST: the page's own GETs (status, owners, cart) go on meanwhile, more of them on a slow machine
            page.executeScript("window.sentKeys = []; const send = window.fetch; window.fetch = (url, options) => {"
                    + " if (options && options.method === 'POST') {"
                    + " window.sentKeys.push((options.headers && options.headers['Idempotency-Key']) || null); }"
                    + " return send(url, options); };");
            new Select(browser.findElement(By.id("sku"))).selectByVisibleText("tea");
            browser.findElement(By.cssSelector("#add button")).click();
            wait.until(b -> b.findElement(By.id("cart")).getText().contains("tea"));
            List<?> keys = (List<?>) page.executeScript("return window.sentKeys;");
            assertThat(keys).as("the page's change carries an Idempotency-Key (a retry, the same one)").isNotEmpty()
                    .allMatch(key -> key instanceof String text && text.matches("[0-9a-f]{32}"));
            assertThat(Set.copyOf(keys)).as("one key for the change and its retries").hasSize(1);

            wait.until(b -> b.findElement(By.id("dashboard")).isDisplayed());
            browser.findElement(By.id("dashboard")).click();
            wait.until(b -> b.findElements(By.cssSelector("#pool-default tr.member.serving")).size() == 3);
            assertThat(browser.getCurrentUrl()).isEqualTo(farm.balancer() + "/balancer/dashboard");
            DashboardPage dashboard = new DashboardPage(browser, "default");
            assertThat(dashboard.column("name")).containsExactly("node1", "node2", "node3");
            assertThat(dashboard.column("sessions")).as("each node's session count").allMatch(sessions -> sessions.matches("\\d+"));
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(3)
    void aNodeDrainedFromTheDashboardHandsItsSessionsOverTakesNoNewKeyAndServesAgainOnUndrain() throws Exception {
        Map<HttpClient, String> nodeOf = new HashMap<>();
        for (int i = 0; i < 9; i++) {
            HttpClient client = client();
            getJson(client, "/counter");
            JsonNode second = getJson(client, "/counter");
            assertThat(second.get("count").asInt()).isEqualTo(2);
            nodeOf.put(client, second.get("node").asText());
        }
        String drained = busiest(nodeOf);
        WebDriver browser = HeadlessChromium.start();
        try {
            browser.get(farm.balancer() + "/balancer/dashboard");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            DashboardPage page = new DashboardPage(browser, "default");
            wait.until(b -> page.column("name").size() == 3 && page.cell(drained, "state").equals("serving"));

            wait.until(b -> page.pressed(drained, "drain"));
            wait.until(b -> page.cell(drained, "state").equals("draining") && page.cell(drained, "balancer").equals("draining"));
            HttpResponse<String> health = healthOf(drained);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).startsWith("draining");
            for (Map.Entry<HttpClient, String> session : nodeOf.entrySet()) {
                JsonNode after = getJson(session.getKey(), "/counter");
                assertThat(after.get("count").asInt()).as("count of a session that was on " + session.getValue()).isEqualTo(3);
                assertThat(after.get("node").asText()).isNotEqualTo(drained);
            }
            HttpClient noRedirects = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> fresh = noRedirects.send(HttpRequest.newBuilder(URI.create(farm.balancer() + "/price?id=after-drain-" + i))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(303);
                assertThat(nodeOf(fresh.headers().firstValue("Location").orElseThrow())).as("a new key's node").isNotEqualTo(drained);
            }

            wait.until(b -> page.pressed(drained, "undrain"));
            wait.until(b -> page.cell(drained, "state").equals("serving") && page.cell(drained, "balancer").equals("up"));
            assertThat(healthOf(drained).statusCode()).isEqualTo(200);
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(4)
    void thePartitionAwareClientSendsEachKeyStraightToItsOwner() throws Exception {
        partitionAware = AffinityHttpClient.builder(URI.create(farm.url("node1"))).seeds(URI.create(farm.url("node2"))).build();
        for (String path : KEYS) {
            owners.put(path, node(send(URI.create(farm.url("node1") + path))));
        }
        assertThat(owners.values()).as("keys spread over the farm").contains("node1", "node2", "node3");
        Map<String, Long> before = forwarded(farm.nodes());
        for (String path : KEYS) {
            assertThat(node(partitionAware.send(request(logical(path)), HttpResponse.BodyHandlers.discarding()))).as(path)
                    .isEqualTo(owners.get(path));
        }
        assertThat(forwarded(farm.nodes())).as("requests forwarded by each node").isEqualTo(before);
    }

    @Test
    @Order(5)
    void theGatewaySendsEachKeyToItsOwner() throws Exception {
        gateway = GatewayProcess.start(farm);
        assertThat(send(URI.create(gateway.base() + "/affinity/status")).body()).contains("\"gateway\":true");
        for (String path : KEYS) {
            assertThat(node(send(URI.create(gateway.base() + path)))).as(path).isEqualTo(owners.get(path));
        }
    }

    /** Nine sessions counted three times each; the node with most of them is killed, and every key and session goes on. */
    @Test
    @Order(6)
    void theKeysAndSessionsOfAKilledNodeContinueOnTheOthers() throws Exception {
        List<HttpClient> clients = new ArrayList<>();
        Map<HttpClient, String> nodeOf = new HashMap<>();
        for (int i = 0; i < 9; i++) {
            HttpClient client = client();
            for (int visit = 1; visit <= 3; visit++) {
                JsonNode counter = getJson(client, "/counter");
                assertThat(counter.get("count").asInt()).isEqualTo(visit);
                nodeOf.put(client, counter.get("node").asText());
            }
            clients.add(client);
        }
        victim = busiest(nodeOf);
        assertThat(owners).as("the keys of " + victim).containsValue(victim);
        List<String> survivors = farm.nodes().stream().filter(node -> !node.equals(victim)).toList();

        farm.kill(victim);

        // at once, before the client's ring says the node is down: its keys go to the next in rank
        for (String path : KEYS) {
            HttpResponse<Void> answer = partitionAware.send(request(logical(path)), HttpResponse.BodyHandlers.discarding());
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            assertThat(node(answer)).as(path).isIn(survivors);
        }
        for (HttpClient client : clients) {
            // until the balancer sees the node down, it may still redirect there: a refused connection reaches no node
            JsonNode after = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> getJson(client, "/counter"), json -> json != null);
            assertThat(after.get("count").asInt()).as("count of a session that was on " + nodeOf.get(client)).isEqualTo(4);
            assertThat(after.get("node").asText()).isNotEqualTo(victim);
        }
    }

    @Test
    @Order(7)
    void onceTheRingSaysTheKilledNodeIsDownTheClientCausesNoForward() throws Exception {
        List<String> survivors = farm.nodes().stream().filter(node -> !node.equals(victim)).toList();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            partitionAware.send(request(logical(KEYS.get(0))), HttpResponse.BodyHandlers.discarding());
            assertThat(partitionAware.ring().members()).filteredOn(e -> e.member().name().equals(victim)).allMatch(e -> !e.routable());
            for (String survivor : survivors) {
                assertThat(status(survivor).get("health").get(victim).asText()).isEqualTo("down");
            }
        });
        Map<String, Long> afterKill = forwarded(survivors);
        for (String path : KEYS) {
            HttpResponse<Void> answer = partitionAware.send(request(logical(path)), HttpResponse.BodyHandlers.discarding());
            if (!owners.get(path).equals(victim)) {
                assertThat(node(answer)).as("a key of a survivor stays there").isEqualTo(owners.get(path));
            }
        }
        assertThat(forwarded(survivors)).as("no forward once the ring says " + victim + " is down").isEqualTo(afterKill);
    }

    @Test
    @Order(8)
    void theGatewayAnswersTheKilledNodesKeysFromTheOthers() throws Exception {
        for (String path : KEYS) {
            HttpResponse<String> answer = send(URI.create(gateway.base() + path));
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            if (owners.get(path).equals(victim)) {
                assertThat(node(answer)).as(path).isNotEqualTo(victim);
            } else {
                assertThat(node(answer)).as(path).isEqualTo(owners.get(path));
            }
        }
    }

    @Test
    @Order(9)
    void killingTheLauncherLeavesNoNodeBehind() {
        List<Long> nodes = farm.nodes().stream().map(farm::pid)
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList();
        assertThat(nodes).as("the nodes still running after the previous test killed one").hasSize(2);

        farm.killLauncher();

        // a node notices its launcher's end by polling (the JDK's onExit for a process that is not its child),
        // then halts within NodeLauncher's 2 s grace: seconds, or more on a busy machine; a node that did not
        // watch its launcher would live on
        await("every node process ends with its launcher").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> nodes.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }

    private Map<String, Long> forwarded(List<String> nodes) throws Exception {
        Map<String, Long> forwarded = new LinkedHashMap<>();
        for (String node : nodes) {
            forwarded.put(node, status(node).get("counters").get("forwarded").asLong());
        }
        return forwarded;
    }

    private JsonNode status(String node) throws Exception {
        return JSON.readTree(send(URI.create(farm.url(node) + "/affinity/status")).body());
    }

    private HttpResponse<String> send(URI uri) throws IOException, InterruptedException {
        return http.send(request(uri), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build();
    }

    /** The farm's logical address of {@code path}, which the partition-aware client sends to the owner. */
    private static URI logical(String path) {
        return URI.create("http://farm" + path);
    }

    private static String node(HttpResponse<?> response) {
        return response.headers().firstValue("X-Affinity-Node").orElseThrow(() -> new AssertionError("no X-Affinity-Node: " + response));
    }

    /** The node holding the most of these sessions. */
    private static String busiest(Map<HttpClient, String> nodeOf) {
        return nodeOf.values().stream().max(Comparator.comparingLong(n -> nodeOf.values().stream().filter(n::equals).count()))
                .orElseThrow();
    }

    private HttpResponse<String> healthOf(String node) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(farm.url(node) + "/affinity/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The node whose URL begins {@code location}. */
    private String nodeOf(String location) {
        return farm.nodes().stream().filter(node -> location.startsWith(farm.url(node) + "/")).findFirst()
                .orElseThrow(() -> new AssertionError("redirected off the farm: " + location));
    }

    private static HttpClient client() {
        return HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /**
     * The JSON answer; a {@code 503} with {@code Retry-After} (in sync mode, a change the backup did
     * not acknowledge in time) is sent again with the same {@code Idempotency-Key}, as a client should.
     */
    private JsonNode getJson(HttpClient client, String path) throws Exception {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> response = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> get(client, path, key), r -> r.statusCode() != 503 || r.headers().firstValue("Retry-After").isEmpty());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
        return get(client, path, UUID.randomUUID().toString());
    }

    private HttpResponse<String> get(HttpClient client, String path, String key) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(farm.balancer() + path)).header("Idempotency-Key", key)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
