package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.TomcatContainer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Clients that send request after request on their connections and never read the answers hold no
 * thread of the forwarding node and no connection to the owner, whichever way it writes the owner's
 * answers (in Jetty, a whole small answer in one asynchronous write of a copy, {@link WholeAnswerWrite};
 * in Tomcat, an answer that fits its response buffer is taken whole by Tomcat): as many such clients as the node's server has threads, each with an answer stuck behind the ones it
 * did not read, on a node allowed {@value #MEMBER_CONNECTIONS} connections to the owner, and another
 * client's forwarded request is still answered. Once those clients hang up, their forwards end
 * (Jetty tells no {@code AsyncListener} of the response it aborts then: the forward ends itself).
 */
class UnreadAnswersTest {
    /** The forwarding node's whole pool: its connector, the forwarding client and the requests share it. */
    private static final int SERVER_THREADS = 12;
    private static final int SOCKET_BUFFER = 4096;
    /** Fewer than the clients that do not read: each would hold one while its answer waits for it. */
    private static final int MEMBER_CONNECTIONS = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void clientsThatNeverReadTheirAnswersHoldNoThreadAndTheirForwardsEndWhenTheyHangUp() throws Exception {
        try (Farm farm = forwarderWithFewThreads()) {
            String key = farm.keyOwnedBy("b");
            String answered = "GET /app/echo?id=" + key + " HTTP/1.1\r\nHost: 127.0.0.1:" + farm.port("a") + "\r\n\r\n";
            assertNoThreadHeldByUnreadAnswers(farm, key, answered.repeat(100));
            await("the forwards of the clients that hung up end").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> requestsInProgress(farm), count -> count == 0);
        }
    }

    /**
     * The same with failure messages among the answers: the owner dies after its headers, so the
     * forwarding node answers {@code 502} itself (a POST is not sent again), from the forwarding
     * client's own thread where it relays answers in place. Were that write to wait on a client that
     * does not read, the client's thread would stop relaying every other forward.
     */
    @Test
    void failureMessagesToClientsThatNeverReadHoldNoThread() throws Exception {
        try (Farm farm = forwarderWithFewThreads()) {
            String key = farm.keyOwnedBy("b");
            String answered = "GET /app/echo?id=" + key + " HTTP/1.1\r\nHost: 127.0.0.1:" + farm.port("a") + "\r\n\r\n";
            String failed = "POST /app/headers-then-die?on=b&id=" + key + " HTTP/1.1\r\nHost: 127.0.0.1:" + farm.port("a") + "\r\nContent-Length: 0\r\n\r\n";
            assertNoThreadHeldByUnreadAnswers(farm, key, (answered + failed).repeat(50));
        }
    }

    /**
     * Tomcat takes an answer that fits its response buffer whole and ends the request, so there too
     * clients that never read hold no connection to the owner: more of them than the forwarding node
     * may open connections to the owner, each connection stopped (it takes no more requests: the node
     * no longer reads them, its answer waiting for the client), and another client's forward is
     * still answered.
     */
    @Test
    void onTomcatClientsThatNeverReadHoldNoConnectionToTheOwner() throws Exception {
        try (Farm farm = Farm.startMixed(name -> name.equals("a") ? () -> TomcatContainer.withSendBuffer(SOCKET_BUFFER) : JettyContainer::new,
                List.of("a", "b"), UnreadAnswersTest::settings)) {
            farm.awaitEveryMemberConfirmed();
            String key = farm.keyOwnedBy("b");
            byte[] pipelined = ("GET /app/echo?id=" + key + " HTTP/1.1\r\nHost: 127.0.0.1:" + farm.port("a") + "\r\n\r\n")
                    .repeat(100).getBytes(StandardCharsets.US_ASCII);
            List<SocketChannel> unread = new ArrayList<>();
            try {
                for (int stopped = 1; stopped <= 3 * MEMBER_CONNECTIONS; stopped++) {
                    SocketChannel client = unreadingClient(farm.port("a"));
                    unread.add(client);
                    ByteBuffer pending = ByteBuffer.wrap(pipelined);
                    await("connection " + stopped + " takes no more requests").atMost(Duration.ofSeconds(30))
                            .pollInSameThread().pollInterval(Duration.ofMillis(5)).until(() -> sendMore(client, pending) == 0);
                }
                assertAnswered(farm, key);
            } finally {
                for (SocketChannel client : unread) {
                    client.close();
                }
            }
        }
    }

    private static Farm forwarderWithFewThreads() throws Exception {
        Farm farm = Farm.startMixed(name -> name.equals("a") ? () -> JettyContainer.withMaxThreads(SERVER_THREADS, SOCKET_BUFFER) : JettyContainer::new,
                List.of("a", "b"), UnreadAnswersTest::settings);
        farm.awaitEveryMemberConfirmed();
        return farm;
    }

    /**
     * Opens as many connections to node a as its server has threads, sends {@code requests} on each
     * again and again without reading until an answer waits on each, then checks that another
     * client's forward of {@code key} is answered.
     */
    private void assertNoThreadHeldByUnreadAnswers(Farm farm, String key, String requests) throws Exception {
        JettyContainer forwarder = (JettyContainer) farm.container("a");
        byte[] pipelined = requests.getBytes(StandardCharsets.US_ASCII);
        List<SocketChannel> unread = new ArrayList<>();
        try {
            for (int stuck = 1; stuck <= SERVER_THREADS; stuck++) {
                SocketChannel client = unreadingClient(farm.port("a"));
                unread.add(client);
                ByteBuffer pending = ByteBuffer.wrap(pipelined);
                long expected = stuck;
                await("answers stuck behind unread ones on " + stuck + " connections").atMost(Duration.ofSeconds(30))
                        .pollInSameThread().pollInterval(Duration.ofMillis(5)).until(() -> {
                            sendMore(client, pending);
                            return forwarder.pendingWrites() >= expected;
                        });
            }
            assertAnswered(farm, key);
        } finally {
            for (SocketChannel client : unread) {
                client.close();
            }
        }
    }

    /** Another client's forward of {@code key} from node a is answered by its owner b. */
    private void assertAnswered(Farm farm, String key) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(farm.url("a", "/app/echo?id=" + key))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue("b");
    }

    /** The requests the forwarding node counts as in progress (those a graceful stop waits for). */
    private long requestsInProgress(Farm farm) throws Exception {
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(farm.url("a", "/app/affinity/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(status.body()).get("drain").get("requests").asLong();
    }

    /**
     * The test's defaults, but the node may open only {@value #MEMBER_CONNECTIONS} connections to
     * the owner, a connection held by a forward whose answer waits is not freed by the tests' short
     * {@code forward.idle-timeout} while the test runs, and the owner's failures among its answers
     * do not eject it.
     */
    private static Map<String, String> settings(String self, Map<String, Integer> ports) {
        Map<String, String> settings = new LinkedHashMap<>(Farm.defaults(self, ports));
        settings.put("forward.idle-timeout", "2m");
        settings.put("forward.max-connections", Integer.toString(MEMBER_CONNECTIONS));
        settings.put("health.passive.failures", "100");
        return settings;
    }

    /** A connection whose small socket buffers fill with a few answers and requests, and that writes without blocking. */
    private static SocketChannel unreadingClient(int port) throws IOException {
        SocketChannel client = SocketChannel.open();
        client.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
        client.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
        client.connect(new InetSocketAddress("127.0.0.1", port));
        client.configureBlocking(false);
        return client;
    }

    /** Writes what the connection takes now of the pipelined requests, starting them again once all are sent; how many bytes it took. */
    private static int sendMore(SocketChannel client, ByteBuffer pending) throws IOException {
        if (!pending.hasRemaining()) {
            pending.clear();
        }
        return client.write(pending);
    }
}
