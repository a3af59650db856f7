package dev.affinity.it.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.affinity.demo.DemoFarm;
import dev.affinity.it.load.FarmProbe;
import dev.affinity.session.BackupRecord;
import dev.affinity.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
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
 * session cookies and the session map itself): never a 5xx, never a stack trace, never a
 * connection to a non-member, never a redirect off the farm, the node healthy afterwards and its
 * heap flat across 10 000 such requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    private static final int HEAP_REQUESTS = 10_000;
    private static final long HEAP_GROWTH_LIMIT_KB = 16 * 1024;

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
    void aGadgetPlantedInTheSessionMapIsRefusedNotDeserialized() throws Exception {
        RawHttp.Answer created = RawHttp.send(port(farm.url("node1")),
                "GET /counter HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(created.header("Set-Cookie")).as(created.text()).startsWith("JSESSIONID=");
        String id = created.header("Set-Cookie").replaceAll("^JSESSIONID=([^;]+).*$", "$1");
        String key = id.substring(0, id.indexOf('.'));
        long refusedBefore = refusedAttributes("node2");

        HazelcastInstance client = HazelcastClient.newHazelcastClient(clientConfig());
        try {
            IMap<String, BackupRecord> sessions = client.getMap("affinity-sessions");
            BackupRecord record = sessions.get(key);
            assertThat(record).as("the backup of " + id).isNotNull();
            record.attributes().put("count", serialized(urlDnsGadget()));
            record.attributes().put("cart", serialized(new BadAttributeValueExpException("planted")));
            sessions.put(key, record);
        } finally {
            client.shutdown();
        }

        RawHttp.Answer restored = RawHttp.send(port(farm.url("node2")),
                "GET /counter HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: JSESSIONID=" + key + ".node2\r\nConnection: close\r\n\r\n");
        assertThat(restored.status()).as(restored.text()).isEqualTo(200);
        assertThat(restored.text()).as("the planted count was dropped, so counting starts again").contains("\"count\":1");
        assertThat(restored.showsStackTrace()).isFalse();
        assertThat(refusedAttributes("node2") - refusedBefore).as("refused attributes on node2").isEqualTo(2);
        assertThat(canary.connections()).as("connections to the canary").isZero();
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

    private long refusedAttributes(String node) {
        return probe.sessionStatus(farm.url(node)).orElseThrow().path("refusedAttributes").asLong();
    }

    private ClientConfig clientConfig() {
        ClientConfig config = new ClientConfig();
        config.setClusterName(farm.clusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        farm.nodes().forEach(node -> config.getNetworkConfig().addAddress(farm.hazelcastAddress(node)));
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
