package dev.affinity.it.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.affinity.it.load.FarmProbe;
import dev.affinity.sample.DemoFarm;
import dev.affinity.session.BackupRecord;
import dev.affinity.session.protection.BackupProtection;
import dev.affinity.session.protection.FarmKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    /** The poisoned record: an {@code ArrayList} of four nulls, 62 bytes, whose size field claims 99,000,000 elements. */
    private static final String POISONED_LIST = "aced0005737200136a6176612e7574696c2e41727261794c6973747881d21d99c7619d03000149000473697a6578"
            + "7005e69ec07704000000047070707078";

    private final FarmProbe probe = new FarmProbe();
    private DemoFarm farm;
    private Canary canary;

    @BeforeAll
    void startFarm() throws Exception {
        canary = new Canary();
        farm = new DemoFarm();
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
        assertThat(restored.header("Set-Cookie")).as("no session made up in its place").isEmpty();
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
        assertThat(looked.header("Set-Cookie")).isEmpty();

        String body = "{\"sku\":\"tea\",\"quantity\":1}";
        RawHttp.Answer added = RawHttp.send(port(farm.url("node1")), "POST /cart/items;jsessionid=" + planted
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(added.status()).as(added.text()).isEqualTo(200);
        assertThat(added.text()).doesNotContain("coffee");
        String given = added.header("Set-Cookie").orElseThrow();
        assertThat(given).as("a fresh id, not the planted one").startsWith("JSESSIONID=")
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

    private void assertEveryAnswerIsClean(String entry) throws Exception {
        List<String> farmUrls = new ArrayList<>(farm.nodes().stream().map(farm::url).toList());
        farmUrls.add(farm.balancer());
        for (BadRequests.BadRequest request : BadRequests.against(URI.create(entry).getAuthority(), canary.authority())) {
            RawHttp.Answer answer = RawHttp.send(port(entry), request.raw());
            String what = request.name() + " at " + entry + " answered:\n" + answer.text();
            assertThat(answer.status()).as(what).isBetween(200, 499);
            assertThat(answer.showsStackTrace()).as(what).isFalse();
            assertThat(answer.text()).as(what).doesNotContain("evil=1");
            answer.header("Location").ifPresent(location -> assertThat(farmUrls.stream()
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

    /** A session started on node1 with {@code quantity} of {@code sku} in its cart; its id. */
    private String newSession(String sku, int quantity) throws IOException {
        String body = "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}";
        RawHttp.Answer created = RawHttp.send(port(farm.url("node1")), "POST /cart/items HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        return created.header("Set-Cookie").orElseThrow().replaceAll("^JSESSIONID=([^;]+).*$", "$1");
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
