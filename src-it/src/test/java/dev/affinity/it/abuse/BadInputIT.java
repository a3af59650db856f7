package dev.affinity.it.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.affinity.demo.DemoFarm;
import dev.affinity.it.load.FarmProbe;
import dev.affinity.session.BackupRecord;
import dev.affinity.session.protection.BackupProtection;
import dev.affinity.session.protection.FarmKeys;
import dev.affinity.testing.RawHttp;
import dev.affinity.testing.TestBudgets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.BadAttributeValueExpException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile input against every entry point of the demo farm (a filter node, the redirect balancer,
 * session cookies, session ids in URLs and the session map itself): never a 5xx but the 503 of a
 * session whose backup cannot be trusted, never a stack trace, never a connection to a non-member,
 * never a redirect off the farm, the node healthy afterwards and its heap flat across 10 000 such
 * requests. Whoever reaches the session map reads no session and cannot forge one; even with the
 * secret, a planted value is bound by the allow-list and the deserialization limits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    private static final int HEAP_REQUESTS = 10_000;
    private static final long HEAP_GROWTH_LIMIT_KB = 16 * 1024;
    private static final int SLOW_UPLOADS = 200;
    /** Seconds the slow clients drip: longer than node1 and the balancer take to count a member down (2 failed probes a second apart). */
    private static final int SLOW_ROUNDS = 12;
    /** The poisoned record: an {@code ArrayList} of four nulls, 62 bytes, whose size field claims 99,000,000 elements. */
    private static final String POISONED_LIST = "aced0005737200136a6176612e7574696c2e41727261794c6973747881d21d99c7619d03000149000473697a6578"
            + "7005e69ec07704000000047070707078";

    /**
     * The session backup's reads and writes get the test budget: a hostile session id makes its node
     * read the session map, and on a loaded CI machine (a load of 38 on 2 cores) such a read
     * outlasted the default 2 s {@code read-timeout} and was answered {@code 503}, which is not the
     * bad input's doing.
     */
    private static final Map<String, String> BACKUP_BUDGETS = Map.of(
            "AFFINITY_WRITE_TIMEOUT", TestBudgets.SESSION_BACKUP_WRITE_AND_READ,
            "AFFINITY_READ_TIMEOUT", TestBudgets.SESSION_BACKUP_WRITE_AND_READ);

    private final FarmProbe probe = new FarmProbe();
    private DemoFarm farm;
    private Canary canary;

    @BeforeAll
    void startFarm() throws Exception {
        canary = new Canary();
        farm = new DemoFarm(BACKUP_BUDGETS);
    }

    @AfterAll
    void stopFarm() throws IOException {
        if (farm != null) {
            farm.close();
        }
        canary.close();
    }

    @Test
    void aFilterNodeAnswersEveryHostileRequestWithoutLeakingOrFailing() throws Exception {
        assertEveryAnswerIsClean(farm.url("node1"));
        assertThat(probe.healthy(farm.url("node1"))).as("node1 healthy afterwards").isTrue();
    }

    @Test
    void theBalancerAnswersEveryHostileRequestWithoutLeakingOrFailing() throws Exception {
        assertEveryAnswerIsClean(farm.balancer());
        assertThat(probe.healthy(farm.url("node1"))).as("the farm healthy afterwards").isTrue();
    }

    @Test
    void aHazelcastClientWithTheClusterNameReadsNoSessionAndTheRecordsItWritesAreRefused() throws Exception {
        String id = newSession("coffee", 3);
        String random = id.substring(0, id.indexOf('.'));
        BackupProtection farmKeys = BackupProtection.of(farm.secret(), Optional.empty());
        long refusedBefore = sessionCounter("node2", "unauthenticRecords");

        HazelcastInstance client = HazelcastClient.newHazelcastClient(clientConfig());
        try {
            IMap<String, BackupRecord> sessions = client.getMap("affinity-sessions");
            assertThat(sessions.keySet()).as("map keys").isNotEmpty().noneMatch(key -> key.contains(random));
            for (BackupRecord record : sessions.values()) {
                ByteArrayOutputStream stored = new ByteArrayOutputStream();
                stored.writeBytes(record.metadata());
                record.attributes().values().forEach(stored::writeBytes);
                assertThat(stored.toString(StandardCharsets.ISO_8859_1)).as("what the map holds of a session")
                        .doesNotContain(random).doesNotContain("coffee");
            }
            BackupRecord forged = sessions.get(farmKeys.mapKey(random));
            forged.attributes().put("count", serialized(urlDnsGadget()));
            forged.attributes().put("cart", serialized(new BadAttributeValueExpException("planted")));
            sessions.put(farmKeys.mapKey(random), forged);
        } finally {
            client.shutdown();
        }

        RawHttp.Answer restored = RawHttp.send(port(farm.url("node2")),
                "GET /counter HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: JSESSIONID=" + random + ".node2\r\nConnection: close\r\n\r\n");
        assertThat(restored.status()).as(restored.text()).isEqualTo(503);
        assertThat(restored.header("Set-Cookie")).as("no session made up in its place").isNull();
        assertThat(restored.showsStackTrace()).isFalse();
        assertThat(sessionCounter("node2", "unauthenticRecords") - refusedBefore).as("records refused on node2").isEqualTo(1);
        assertThat(canary.connections()).as("connections to the canary").isZero();
    }

    @Test
    void valuesSealedWithTheSecretAreStillBoundByTheAllowListAndTheLimits() throws Exception {
        String id = newSession("tea", 1);
        String random = id.substring(0, id.indexOf('.'));
        BackupProtection farmKeys = BackupProtection.of(farm.secret(), Optional.empty());
        String mapKey = farmKeys.mapKey(random);
        long refusedBefore = sessionCounter("node3", "refusedAttributes");

        HazelcastInstance client = HazelcastClient.newHazelcastClient(clientConfig());
        try {
            IMap<String, BackupRecord> sessions = client.getMap("affinity-sessions");
            BackupRecord record = sessions.get(mapKey);
            record.attributes().put("count", farmKeys.sealValue(mapKey, "count", HexFormat.of().parseHex(POISONED_LIST)));
            record.attributes().put("cart", farmKeys.sealValue(mapKey, "cart", serialized(urlDnsGadget())));
            sessions.put(mapKey, record);
        } finally {
            client.shutdown();
        }

        RawHttp.Answer restored = RawHttp.send(port(farm.url("node3")),
                "GET /counter HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: JSESSIONID=" + random + ".node3\r\nConnection: close\r\n\r\n");
        assertThat(restored.status()).as(restored.text()).isEqualTo(200);
        assertThat(restored.text()).as("the poisoned count was dropped, so counting starts again").contains("\"count\":1");
        assertThat(restored.showsStackTrace()).isFalse();
        assertThat(sessionCounter("node3", "refusedAttributes") - refusedBefore).as("refused attributes on node3").isEqualTo(2);
        assertThat(canary.connections()).as("connections to the canary").isZero();
        assertThat(probe.healthy(farm.url("node3"))).isTrue();
    }

    @Test
    void aSessionIdInTheUrlIsNeitherAdoptedNorTurnedIntoACookie() throws Exception {
        String attacker = newSession("coffee", 2);
        String planted = attacker.substring(0, attacker.indexOf('.')) + ".x";

        RawHttp.Answer looked = RawHttp.send(port(farm.url("node1")),
                "GET /cart;jsessionid=" + planted + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(looked.status()).as(looked.text()).isEqualTo(200);
        assertThat(looked.text()).doesNotContain("coffee");
        assertThat(looked.header("Set-Cookie")).isNull();

        String body = "{\"sku\":\"tea\",\"quantity\":1}";
        RawHttp.Answer added = RawHttp.send(port(farm.url("node1")), "POST /cart/items;jsessionid=" + planted
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(added.status()).as(added.text()).isEqualTo(200);
        assertThat(added.text()).doesNotContain("coffee");
        assertThat(added.header("Set-Cookie")).as("a fresh id, not the planted one").startsWith("JSESSIONID=")
                .doesNotContain(planted.substring(0, planted.indexOf('.')));

        RawHttp.Answer attackersCart = RawHttp.send(port(farm.url(nodeOf(attacker))),
                "GET /cart HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: JSESSIONID=" + attacker + "\r\nConnection: close\r\n\r\n");
        assertThat(attackersCart.text()).contains("coffee").doesNotContain("tea");
    }

    @Test
    void hostileRequestsDoNotGrowTheNodesHeap() throws Exception {
        int port = port(farm.url("node1"));
        List<BadRequests.BadRequest> requests = BadRequests.against("127.0.0.1:" + port, canary.authority());
        sendMany(port, requests, 1_000);
        long before = NodeHeap.usedAfterGcKb(farm.pid("node1"));
        sendMany(port, requests, HEAP_REQUESTS);
        long after = NodeHeap.usedAfterGcKb(farm.pid("node1"));
        System.out.printf("node1 heap after GC: %d KB before, %d KB after %d hostile requests%n", before, after, HEAP_REQUESTS);
        assertThat(after - before).as("heap growth in KB").isLessThan(HEAP_GROWTH_LIMIT_KB);
        assertThat(probe.healthy(farm.url("node1"))).isTrue();
        assertThat(canary.connections()).isZero();
    }

    /**
     * The scenario: {@code PATCH /whoami} answered 501 by the application made node1 eject
     * node2. An application's 500 or 501 is its answer, not its node's failure.
     */
    @Test
    void anApplicationsNotImplementedNeverTakesItsNodeOutOfRouting() throws Exception {
        String key = keysOwnedBy("node2", 1).get(0);
        for (int i = 0; i < 6; i++) {
            RawHttp.Answer answer = RawHttp.send(port(farm.url("node1")), "PATCH /whoami?id=" + key
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            assertThat(answer.status()).as(answer.text()).isEqualTo(501);
            assertThat(answer.header("X-Affinity-Node")).isEqualTo("node2");
        }
        assertThat(probe.healthOf(farm.url("node1"), "node2")).isEqualTo("up");
        assertThat(probe.ownerOf(farm.url("node1"), key)).isEqualTo("node2");
    }

    /**
     * The scenario: 200 clients send node1 a POST for node3's keys, one byte a second. node1
     * forwards a client address's share of them and cuts each off once it is too slow; node3's own
     * health check answers at once throughout, and node1 and the balancer keep node3 up.
     */
    @Test
    void slowUploadsThroughOneNodeNeverTakeTheirOwnerOffline() throws Exception {
        List<String> keys = keysOwnedBy("node3", 5);
        List<Socket> clients = new ArrayList<>();
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < SLOW_UPLOADS; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port(farm.url("node1")));
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(("POST /cart/items?id=" + keys.get(i % keys.size()) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                clients.add(socket);
            }
            AtomicInteger rounds = new AtomicInteger();
            drip.scheduleAtFixedRate(() -> {
                rounds.incrementAndGet();
                for (Socket socket : clients) {
                    try {
                        socket.getOutputStream().write(' ');
                    } catch (IOException closed) {
                        // node1 answered this client and closed the connection
                    }
                }
            }, 1, 1, TimeUnit.SECONDS);
            List<String> lapses = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                long started = System.nanoTime();
                boolean answered = probe.healthy(farm.url("node3"));
                long tookMillis = (System.nanoTime() - started) / 1_000_000;
                if (!answered || tookMillis > 1_000) {
                    lapses.add("node3's health check: " + (answered ? tookMillis + " ms" : "no answer"));
                }
                if (!probe.healthOf(farm.url("node1"), "node3").equals("up")) {
                    lapses.add("node1 counts node3 down");
                }
                if (!balancerSeesUp("node3")) {
                    lapses.add("the balancer counts node3 down");
                }
                return rounds.get() >= SLOW_ROUNDS;
            });
            assertThat(lapses).isEmpty();
        } finally {
            drip.shutdownNow();
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Socket socket : clients) {
            try (socket) {
                statuses.merge(RawHttp.read(socket).status(), 1, Integer::sum);
            }
        }
        assertThat(statuses.keySet()).as("every slow client was answered 408 (cut off) or 429 (over its share): " + statuses)
                .containsOnly(408, 429);
        JsonNode counters = probe.status(farm.url("node1")).orElseThrow().get("counters");
        assertThat(counters.get("slowBodies").asLong()).isPositive();
        assertThat(counters.get("overClientCap").asLong()).isPositive();
        assertThat(probe.healthy(farm.url("node3"))).isTrue();
    }

    /** The status endpoints of both filters and of the balancer answer GET only, and are never cached. */
    @Test
    void theStatusEndpointsAnswerOnlyGet() throws Exception {
        List<String> endpoints = List.of(farm.url("node1") + "/affinity/status", farm.url("node1") + "/affinity/session-status",
                farm.balancer() + "/balancer/status");
        for (String endpoint : endpoints) {
            URI uri = URI.create(endpoint);
            for (String method : List.of("DELETE", "POST", "PUT")) {
                RawHttp.Answer answer = RawHttp.send(uri.getPort(), method + " " + uri.getPath()
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                assertThat(answer.status()).as(method + " " + endpoint).isEqualTo(405);
                assertThat(answer.header("Cache-Control")).as(method + " " + endpoint).isEqualTo("no-store");
            }
            RawHttp.Answer get = RawHttp.send(uri.getPort(), "GET " + uri.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(get.status()).as(endpoint).isEqualTo(200);
            assertThat(get.header("Cache-Control")).as(endpoint).isEqualTo("no-store");
        }
    }

    /** A session cookie planted from a sibling domain, too long to be one of ours, is no session key: every page still answers. */
    @Test
    void anOversizeSessionCookieDoesNotLockAUserOut() throws Exception {
        for (String path : List.of("/price?id=7", "/whoami", "/")) {
            RawHttp.Answer answer = RawHttp.send(port(farm.url("node1")), "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Cookie: JSESSIONID=" + "s".repeat(300) + ".node2\r\nConnection: close\r\n\r\n");
            assertThat(answer.status()).as(path + ": " + answer.text()).isEqualTo(200);
        }
    }

    private boolean balancerSeesUp(String node) {
        return probe.json(farm.balancer() + "/balancer/status").map(status -> {
            for (JsonNode member : status.path("pools").path("default").path("members")) {
                if (member.path("name").asText().equals(node)) {
                    return member.path("healthy").asBoolean();
                }
            }
            return false;
        }).orElse(false);
    }

    /** The first {@code count} keys {@code k-0}, {@code k-1}, … that node1 sends to {@code node}. */
    private List<String> keysOwnedBy(String node, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1_000 && keys.size() < count; i++) {
            if (probe.ownerOf(farm.url("node1"), "k-" + i).equals(node)) {
                keys.add("k-" + i);
            }
        }
        assertThat(keys).as("keys owned by " + node).hasSize(count);
        return keys;
    }

    private void assertEveryAnswerIsClean(String entry) throws Exception {
        List<String> farmUrls = new ArrayList<>(farm.nodes().stream().map(farm::url).toList());
        farmUrls.add(farm.balancer());
        for (BadRequests.BadRequest request : BadRequests.against(URI.create(entry).getAuthority(), canary.authority())) {
            RawHttp.Answer answer = RawHttp.send(port(entry), request.raw());
            String what = request.name() + " at " + entry + " answered:\n" + answer.text();
            assertThat(answer.status()).as(what).isBetween(200, 499);
            assertThat(answer.showsStackTrace()).as(what).isFalse();
            assertThat(answer.text()).as(what).doesNotContain("evil=1");
            Optional.ofNullable(answer.header("Location")).ifPresent(location -> assertThat(farmUrls.stream()
                    .anyMatch(url -> location.startsWith(url + "/")) || location.matches("/[^/\\\\].*"))
                    .as("Location stays on the farm: " + what).isTrue());
            assertThat(canary.connections()).as("connections to the canary after " + request.name()).isZero();
        }
    }

    private static void sendMany(int port, List<BadRequests.BadRequest> requests, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> senders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            senders.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    BadRequests.BadRequest request = requests.get(i % requests.size());
                    RawHttp.Answer answer = RawHttp.send(port, request.raw());
                    if (answer.status() >= 500 || answer.status() < 0) {
                        throw new AssertionError(request.name() + " answered: " + answer.text());
                    }
                }
                return null;
            }));
        }
        pool.shutdown();
        for (Future<?> sender : senders) {
            sender.get(5, TimeUnit.MINUTES);
        }
    }

    /**
     * A session started on node1 with {@code quantity} of {@code sku} in its cart; its id. A {@code 503} with
     * {@code Retry-After} (the change not backed up within the write timeout, on a busy machine) is retried, as a
     * client does.
     */
    private String newSession(String sku, int quantity) {
        String body = "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}";
        RawHttp.Answer created = await("a session created").atMost(TestBudgets.EVENTUALLY).pollInterval(Duration.ofMillis(500))
                .until(() -> RawHttp.send(port(farm.url("node1")), "POST /cart/items HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body),
                        answer -> answer.status() != 503 || answer.header("Retry-After") == null);
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.header("Set-Cookie")).as(created.text()).startsWith("JSESSIONID=");
        return created.header("Set-Cookie").replaceAll("^JSESSIONID=([^;]+).*$", "$1");
    }

    private static String nodeOf(String sessionId) {
        return sessionId.substring(sessionId.indexOf('.') + 1);
    }

    private long sessionCounter(String node, String counter) {
        return probe.sessionStatus(farm.url(node)).orElseThrow().path(counter).asLong();
    }

    /** A client of the farm's cluster, as anyone who reaches its ports and knows (or derives) the cluster name can start. */
    private ClientConfig clientConfig() {
        ClientConfig config = new ClientConfig();
        config.setClusterName(FarmKeys.derive(farm.secret()).clusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        farm.hazelcastAddresses().forEach(address -> config.getNetworkConfig().addAddress(address));
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
        return config;
    }

    /** The URLDNS gadget: a map whose key's {@code hashCode} resolves a host when the map is read; here the canary. */
    private HashMap<URL, String> urlDnsGadget() throws IOException {
        HashMap<URL, String> gadget = new HashMap<>();
        gadget.put(URI.create("http://" + canary.authority() + "/").toURL(), "planted");
        return gadget;
    }

    private static byte[] serialized(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }
}
