package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.routing.Member;
import dev.affinity.routing.MemberListParser;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Strategy;
import dev.affinity.testing.LogRecords;
import dev.affinity.testing.RawHttp;
import dev.affinity.testing.ServletContainer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the AffinityFilter must do on a farm of three real containers over 127.0.0.1; each
 * container kind runs the whole contract.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FarmContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MIB = 1 << 20;
    private static final List<String> NODES = List.of("a", "b", "c");

    private Farm farm;
    private HttpClient http;

    /** The container kind under test. */
    abstract Supplier<ServletContainer> kind();

    @BeforeAll
    void startFarm() throws Exception {
        farm = Farm.start(kind(), NODES);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stopFarm() throws Exception {
        farm.close();
    }

    @BeforeEach
    void resetGates() {
        Gates.reset();
    }

    /** A test may leave a member ejected: every test starts once each node sees every member up, confirmed by a probe. */
    @BeforeEach
    void awaitEveryMemberUpOnEveryNode() {
        farm.awaitEveryMemberConfirmed();
    }

    @Test
    void eachKeyIsServedByItsOwnerWhicheverNodeReceivesIt() throws Exception {
        for (String owner : NODES) {
            String key = farm.keyOwnedBy(owner);
            for (String receiver : NODES) {
                HttpResponse<String> response = get(farm.url(receiver, "/app/echo?id=" + key));
                JsonNode seen = JSON.readTree(response.body());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue(owner);
                assertThat(seen.get("node").asText()).isEqualTo(owner);
                if (receiver.equals(owner)) {
                    assertThat(seen.get("xForwardedFor")).isEmpty();
                    assertThat(seen.get("mark").isNull()).isTrue();
                } else {
                    assertThat(seen.get("xForwardedFor").toString()).isEqualTo("[\"127.0.0.1\"]");
                    assertThat(seen.get("xForwardedProto").asText()).isEqualTo("http");
                    assertThat(seen.get("via").asText()).isEqualTo("1.1 " + receiver);
                    assertThat(seen.get("mark").asText()).startsWith("origin=" + receiver + ";");
                }
            }
        }
    }

    @Test
    void keysFromCookiesAndHeadersAreRoutedToo() throws Exception {
        String byCookie = farm.keyOwnedBy("c");
        String byHeader = farm.keyOwnedBy("b");
        HttpResponse<String> cookie = send(HttpRequest.newBuilder(farm.url("a", "/app/echo")).header("Cookie", "customer=" + byCookie));
        HttpResponse<String> header = send(HttpRequest.newBuilder(farm.url("a", "/app/echo")).header("X-Customer", byHeader));
        assertThat(cookie.headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue("c");
        assertThat(header.headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue("b");
    }

    @Test
    void forwardedPostKeepsBodyQueryCookiesAndHeadersBothWays() throws Exception {
        String key = farm.keyOwnedBy("b");
        String query = "id=" + key + "&q=a%20b%26c%2Fd&u=%C3%A9t%C3%A9&plus=1%2B1+2&empty=&flag";
        byte[] body = "name=caf\u00e9&amount=12.50&note=line1%0Aline2".getBytes(StandardCharsets.UTF_8);
        String path = "/app/echo/caf%C3%A9/a%20b+c~d";
        HttpResponse<String> response = send(HttpRequest.newBuilder(farm.url("a", path + "?" + query))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "session=s1; theme=dark")
                .header("X-Multi", "one")
                .header("X-Multi", "two")
                .header("X-Forwarded-For", "6.6.6.6")
                .header("Forwarded", "for=6.6.6.6")
                .header("X-Want-Status", "201"));
        JsonNode seen = JSON.readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().allValues("X-Reply")).containsExactly("one", "two");
        assertThat(response.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("r1=v1")).anyMatch(c -> c.startsWith("r2=v2"));
        assertThat(response.headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue("b");
        assertThat(response.headers().allValues("Date")).as("one Date, the owner's").hasSize(1);
        assertThat(response.headers().allValues("Server").size()).as("at most one Server, the owner's").isLessThanOrEqualTo(1);
        assertThat(seen.get("method").asText()).isEqualTo("POST");
        assertThat(seen.get("uri").asText()).isEqualTo(path);
        assertThat(seen.get("query").asText()).isEqualTo(query);
        assertThat(seen.get("mark").asText()).as("the mark is valid for the target as received").startsWith("origin=a;");
        assertThat(seen.get("cookies").toString()).isEqualTo("[\"session=s1\",\"theme=dark\"]");
        assertThat(seen.get("multi").toString()).isEqualTo("[\"one\",\"two\"]");
        assertThat(seen.get("bodyLength").asLong()).isEqualTo(body.length);
        assertThat(seen.get("bodyCrc").asLong()).isEqualTo(crc(body));
        assertThat(seen.get("xForwardedFor").toString()).isEqualTo("[\"127.0.0.1\"]");
        assertThat(seen.get("forwarded")).isEmpty();
        assertThat(seen.get("host").asText()).isEqualTo("127.0.0.1:" + farm.port("a"));
    }

    @Test
    void headersTheOwnersConnectionHeaderNamesAreNotPassedOn() throws Exception {
        String key = farm.keyOwnedBy("b");
        HttpResponse<String> direct = send(HttpRequest.newBuilder(farm.url("b", "/app/echo?id=" + key)).header("X-Want-Hop", "1"));
        HttpResponse<String> forwarded = send(HttpRequest.newBuilder(farm.url("a", "/app/echo?id=" + key)).header("X-Want-Hop", "1"));

        assertThat(direct.headers().firstValue("X-Hop")).as("the app does send it").isPresent();
        assertThat(forwarded.statusCode()).isEqualTo(200);
        assertThat(forwarded.headers().firstValue("X-Hop")).isEmpty();
    }

    /**
     * An owner that refuses a body unread is heard whole by a client that asked
     * {@code Expect: 100-continue}: its body is not sent on until the owner says {@code 100}. Over a
     * raw socket, as the JDK 17 client waits for ever when such a request gets a final answer
     * instead of {@code 100}. (A body sent at once gives HTTP/1.1 no such promise: the connection
     * the owner closes on it may cut its answer.)
     */
    @Test
    void anOwnerRefusingABodyUnreadIsHeardWholeByAClientExpecting100Continue() throws Exception {
        String target = "/app/refuse?id=" + farm.keyOwnedBy("b");
        for (int i = 0; i < 3; i++) {
            RawHttp.Answer answer = RawHttp.sendHead(farm.port("a"), "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + 4 * MIB);
            assertThat(answer.status()).as("attempt %d", i).isEqualTo(413);
            assertThat(answer.body()).isEqualTo("refused by b unread");
            assertThat(answer.header(AffinityFilter.NODE_HEADER)).isEqualTo("b");
        }
    }

    @Test
    void chunkedUploadArrivesIntact() throws Exception {
        long size = 3 * MIB + 17;
        HttpResponse<String> response = send(HttpRequest.newBuilder(farm.url("a", "/app/echo?id=" + farm.keyOwnedBy("c")))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> Pattern.stream(size, Long.MAX_VALUE, null))));
        JsonNode seen = JSON.readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(seen.get("node").asText()).isEqualTo("c");
        assertThat(seen.get("transferEncoding").asText()).isEqualToIgnoringCase("chunked");
        assertThat(seen.get("bodyLength").asLong()).isEqualTo(size);
        assertThat(seen.get("bodyCrc").asLong()).isEqualTo(Pattern.crc(size));
    }

    @Test
    void uploadExpectingContinueIsForwarded() throws Exception {
        byte[] body = "x".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> response = send(HttpRequest.newBuilder(farm.url("a", "/app/echo?id=" + farm.keyOwnedBy("b")))
                .expectContinue(true)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
        JsonNode seen = JSON.readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(seen.get("node").asText()).isEqualTo("b");
        assertThat(seen.get("method").asText()).isEqualTo("PUT");
        assertThat(seen.get("bodyCrc").asLong()).isEqualTo(crc(body));
    }

    @Test
    void hundredMebibyteUploadStreamsThroughWithoutBeingBuffered() throws Exception {
        long size = 100 * MIB;
        HttpResponse<String> response = send(HttpRequest.newBuilder(farm.url("a", "/app/upload?id=" + farm.keyOwnedBy("b")))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> Pattern.stream(size, 16 * MIB, Gates.uploadStarted))));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("b " + size + " " + Pattern.crc(size));
    }

    @Test
    void hundredMebibyteDownloadStreamsThroughWithoutBeingBuffered() throws Exception {
        long size = 100 * MIB;
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                        farm.url("a", "/app/download?size=" + size + "&id=" + farm.keyOwnedBy("c"))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        CRC32 crc = new CRC32();
        long received = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                Gates.downloadStarted.countDown();
                crc.update(buffer, 0, n);
                received += n;
            }
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue("c");
        assertThat(Gates.downloadGateTimedOut).isFalse();
        assertThat(received).isEqualTo(size);
        assertThat(crc.getValue()).isEqualTo(Pattern.crc(size));
    }

    @Test
    void clientsThatHangUpDoNotCountAgainstTheOwnersHealth() throws Exception {
        String key = farm.keyOwnedBy("c");
        for (int i = 0; i < 3; i++) {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                    farm.url("a", "/app/download?size=" + 100 * MIB + "&id=" + key)).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                assertThat(in.read(new byte[1024])).isPositive();
            }
        }
        Gates.downloadStarted.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> Gates.downloadsEnded.get() == 3);

        JsonNode health = JSON.readTree(get(farm.url("a", "/app/affinity/status")).body()).get("health");
        assertThat(health.get("c").asText()).isEqualTo("up");
        assertThat(get(farm.url("a", "/app/echo?id=" + key)).headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue("c");
    }

    @Test
    void stoppedOwnerKeysGoToTheSecondRankedNodeAndReturn() throws Exception {
        String key = farm.keyOwnedBy("c");
        String second = farm.rank(key).get(1);
        farm.stop("c");
        try {
            for (String receiver : List.of("a", "b")) {
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> get = get(farm.url(receiver, "/app/echo?id=" + key));
                    assertThat(get.statusCode()).isEqualTo(200);
                    assertThat(get.headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue(second);
                }
                HttpResponse<String> post = send(HttpRequest.newBuilder(farm.url(receiver, "/app/echo?id=" + key))
                        .POST(HttpRequest.BodyPublishers.ofString("order")));
                assertThat(post.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(post.body()).get("bodyLength").asLong()).isEqualTo(5);
            }
        } finally {
            farm.restart("c");
        }
        for (String receiver : List.of("a", "b")) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(get(farm.url(receiver, "/app/echo?id=" + key)).headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue("c"));
        }
    }

    @Test
    void aGetWhoseOwnerDiesAfterItsHeadersIsAnsweredByTheNextMemberAndAPostIsNot() throws Exception {
        String key = farm.keyOwnedBy("b");
        String target = "/app/headers-then-die?on=b&id=" + key;

        HttpResponse<String> get = get(farm.url("a", target));
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        assertThat(get.headers().firstValue(AffinityFilter.NODE_HEADER)).as("nothing of b's answer reached the client")
                .hasValue(farm.rank(key).get(1));
        assertThat(get.headers().allValues(Farm.FRONT_HEADER)).as("the headers a's earlier filter set are kept")
                .containsExactly("a", farm.rank(key).get(1));
        assertThat(get.headers().allValues("Date")).as("one Date, the answering member's").hasSize(1);
        assertThat(get.headers().allValues("Server")).as("at most one Server").hasSizeLessThanOrEqualTo(1);
        HttpResponse<String> post = send(HttpRequest.newBuilder(farm.url("a", target)).POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(post.statusCode()).as("b may have acted on the POST: it is not sent again").isEqualTo(502);
    }

    @Test
    void forgedExpiredOrUnsignedMarksAreNotHonoured() throws Exception {
        String key = farm.keyOwnedBy("b");
        String target = "/app/echo?id=" + key;
        long hash = PartitionKey.of(key).hash();
        ForwardingMark right = new ForwardingMark(Farm.SECRET, Duration.ofSeconds(30), System::currentTimeMillis);
        ForwardingMark wrong = new ForwardingMark("another-secret-0123456789", Duration.ofSeconds(30), System::currentTimeMillis);
        long now = System.currentTimeMillis();
        List<String> bad = List.of(
                "yes",
                "origin=a;key=" + Long.toHexString(hash) + ";ts=" + now + ";sig=",
                wrong.sign("a", "b", hash, "GET", target),
                right.sign("a", "b", hash, "GET", target, now - Duration.ofMinutes(10).toMillis()),
                right.sign("a", "b", hash, "GET", "/app/echo?id=" + key + "&other=1"),
                right.sign("a", "b", hash, "POST", target),
                right.sign("a", "b", PartitionKey.of("another").hash(), "GET", target),
                right.sign("a", "c", hash, "GET", target));

        for (String mark : bad) {
            HttpResponse<String> atNonOwner = send(HttpRequest.newBuilder(farm.url("a", target)).header(ForwardingMark.HEADER, mark));
            assertThat(atNonOwner.headers().firstValue(AffinityFilter.NODE_HEADER)).as(mark).hasValue("b");
            assertThat(JSON.readTree(atNonOwner.body()).get("mark").asText()).isNotEqualTo(mark);
            HttpResponse<String> atOwner = send(HttpRequest.newBuilder(farm.url("b", target)).header(ForwardingMark.HEADER, mark));
            assertThat(atOwner.headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue("b");
            assertThat(JSON.readTree(atOwner.body()).get("mark").isNull()).as("stripped " + mark).isTrue();
        }
        HttpResponse<String> valid = send(HttpRequest.newBuilder(farm.url("a", target))
                .header(ForwardingMark.HEADER, right.sign("c", "a", hash, "GET", target)));
        assertThat(valid.headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue("a");
    }

    /**
     * A genuine mark, taken off a request a forwarded to b (the owner's app sees it), replayed:
     * to another node, for another target or with another method, it is not honoured, and the
     * request is routed as any other. Replayed to b as it was sent, within the skew, it only has b
     * serve what b serves anyway.
     */
    @Test
    void aGenuineMarkReplayedIsHonouredOnlyWhereAndForWhatItWasSigned() throws Exception {
        String key = farm.keyOwnedBy("b");
        String target = "/app/echo?id=" + key;
        String mark = JSON.readTree(get(farm.url("a", target)).body()).get("mark").asText();
        assertThat(mark).as("a genuine mark from a to b").startsWith("origin=a;");

        HttpResponse<String> atOtherNode = send(HttpRequest.newBuilder(farm.url("c", target)).header(ForwardingMark.HEADER, mark));
        assertThat(atOtherNode.headers().firstValue(AffinityFilter.NODE_HEADER)).as("replayed at c").hasValue("b");
        assertThat(JSON.readTree(atOtherNode.body()).get("mark").asText()).as("c signed its own").startsWith("origin=c;");

        for (HttpRequest.Builder replay : List.of(
                HttpRequest.newBuilder(farm.url("b", target + "&other=1")).header(ForwardingMark.HEADER, mark),
                HttpRequest.newBuilder(farm.url("b", target)).header(ForwardingMark.HEADER, mark).method("DELETE", HttpRequest.BodyPublishers.noBody()))) {
            HttpResponse<String> response = send(replay);
            assertThat(response.headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue("b");
            assertThat(JSON.readTree(response.body()).get("mark").isNull()).as("not honoured, so removed").isTrue();
        }

        HttpResponse<String> asSent = send(HttpRequest.newBuilder(farm.url("b", target)).header(ForwardingMark.HEADER, mark));
        assertThat(asSent.headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue("b");
        assertThat(JSON.readTree(asSent.body()).get("mark").asText()).as("honoured as sent").isEqualTo(mark);
    }

    @Test
    void requestCannotLoopWhenTwoNodesDisagreeAboutMembership() throws Exception {
        try (Farm split = Farm.start(kind(), List.of("x", "y"), (self, ports) -> {
            Map<String, String> settings = new java.util.LinkedHashMap<>(Farm.defaults(self, ports));
            settings.put("members", view(self, ports));
            return settings;
        })) {
            String key = null;
            for (int i = 0; i < 1000 && key == null; i++) {
                String candidate = "split-" + i;
                if (owner(view("x", split.ports()), candidate).equals("y") && owner(view("y", split.ports()), candidate).equals("x")) {
                    key = candidate;
                }
            }
            assertThat(key).as("a key each node thinks the other owns").isNotNull();
            for (String receiver : List.of("x", "y")) {
                String other = receiver.equals("x") ? "y" : "x";
                HttpResponse<String> response = get(split.url(receiver, "/app/echo?id=" + key));
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue(other);
                assertThat(JSON.readTree(response.body()).get("via").asText()).isEqualTo("1.1 " + receiver);
            }
        }
    }

    @Test
    void requestInputCannotSteerAForwardOffTheMemberList() throws Exception {
        String key = farm.keyOwnedBy("b");
        try (ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger trapped = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!trap.isClosed()) {
                    try (Socket ignored = trap.accept()) {
                        trapped.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String evil = "127.0.0.1:" + trap.getLocalPort();
            int port = farm.port("a");

            RawHttp.Answer host = RawHttp.sendHead(port, "GET /app/echo?id=" + key + " HTTP/1.1\r\nHost: " + evil);
            RawHttp.Answer absolute = RawHttp.sendHead(port, "GET http://" + evil + "/app/echo?id=" + key + " HTTP/1.1\r\nHost: " + evil);
            RawHttp.Answer connection = RawHttp.sendHead(port, "GET /app/echo?id=" + key + " HTTP/1.1\r\nHost: x\r\n"
                    + "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Host: " + evil + "\r\nConnection: X-Forwarded-For, Affinity-Forwarded");
            List<RawHttp.Answer> oddKeys = new ArrayList<>();
            for (String odd : List.of("http://" + evil + "/", "@" + evil, "//" + evil, "..%2F..%2F" + evil, "%40" + evil)) {
                oddKeys.add(RawHttp.sendHead(port, "GET /app/echo?id=" + odd + " HTTP/1.1\r\nHost: " + evil));
            }

            assertThat(host.status()).isEqualTo(200);
            assertThat(host.header(AffinityFilter.NODE_HEADER)).isEqualTo("b");
            assertThat(absolute.status()).isEqualTo(200);
            assertThat(absolute.header(AffinityFilter.NODE_HEADER)).isEqualTo("b");
            assertThat(connection.header(AffinityFilter.NODE_HEADER)).isEqualTo("b");
            assertThat(connection.body()).contains("\"xForwardedFor\":[\"127.0.0.1\"]").contains("\"mark\":\"origin=a;");
            assertThat(oddKeys).allSatisfy(answer -> {
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.header(AffinityFilter.NODE_HEADER)).isIn(NODES);
            });
            assertThat(trapped).hasValue(0);
        }
    }

    @Test
    void oversizeOrControlCharacterKeysGet400WithAPlainBody() throws Exception {
        for (String id : List.of("k".repeat(300), "ab%01cd", "ab%zz")) {
            RawHttp.Answer answer = RawHttp.sendHead(farm.port("a"), "GET /app/echo?id=" + id + " HTTP/1.1\r\nHost: a");
            assertThat(answer.status()).as(id).isEqualTo(400);
            assertThat(answer.header("Content-Type")).startsWith("text/plain");
            assertThat(answer.body()).containsPattern("^(request key|malformed)").doesNotContain("Exception");
        }
    }

    @Test
    void postToAnOwnerThatNeverAnswersGets504WithAPlainBody() throws Exception {
        try {
            long failedOver = counter("a", "failedOver");
            HttpResponse<String> response = send(HttpRequest.newBuilder(farm.url("a", "/app/slow?id=" + farm.keyOwnedBy("b")))
                    .POST(HttpRequest.BodyPublishers.ofString("pay")));
            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(counter("a", "failedOver")).as("a POST that reached its owner is not sent again").isEqualTo(failedOver);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(response.body()).startsWith("affinity: ").doesNotContain("Exception");
        } finally {
            Gates.slowReleased.countDown();
        }
    }

    @Test
    void healthAndStatusAreAnsweredByTheFilter() throws Exception {
        get(farm.url("b", "/app/echo?id=" + farm.keyOwnedBy("c")));
        HttpResponse<String> health = get(farm.url("b", "/app/affinity/health"));
        HttpResponse<String> status = get(farm.url("b", "/app/affinity/status"));
        JsonNode report = JSON.readTree(status.body());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(report.get("self").asText()).isEqualTo("b");
        assertThat(report.get("strategy").asText()).isEqualTo("rendezvous");
        assertThat(report.get("members").findValuesAsText("name")).containsExactly("a", "b", "c");
        assertThat(report.get("members").findValuesAsText("url")).containsExactly(
                "http://127.0.0.1:" + farm.port("a"), "http://127.0.0.1:" + farm.port("b"), "http://127.0.0.1:" + farm.port("c"));
        assertThat(report.get("health").toString()).isEqualTo("{\"a\":\"up\",\"b\":\"up\",\"c\":\"up\"}");
        assertThat(report.get("counters").get("forwarded").asLong()).isPositive();
        assertThat(report.get("counters").has("failedOver")).isTrue();
        assertThat(report.get("counters").has("errors")).isTrue();
    }

    /**
     * The issue's start-up: a node that probed its peers while they were not listening yet counts
     * them down. As soon as every node answers its health check, and again while one node is
     * stopped and as soon as it answers after its restart, 200 keys sent through every node have
     * one owner each, placed by the same view of the farm.
     */
    @Test
    void everyKeyHasOneOwnerAsSoonAsEveryNodeAnswersAfterStartAndRestart() throws Exception {
        List<String> names = List.of("x", "y", "z");
        try (Farm fresh = Farm.prepare(kind(), names, (self, ports) -> {
            Map<String, String> settings = new java.util.LinkedHashMap<>(Farm.defaults(self, ports));
            settings.put("health.interval", "200ms");
            settings.put("health.fall", "1");
            settings.put("health.rise", "3");
            return settings;
        })) {
            fresh.restart("x");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(status(fresh, "x").get("health").toString())
                    .as("x saw y and z refuse").isEqualTo("{\"x\":\"up\",\"y\":\"down\",\"z\":\"down\"}"));
            fresh.restart("y");
            fresh.restart("z");
            names.forEach(node -> awaitAnswering(fresh, node));
            assertOneOwnerEach(fresh, names, true);

            fresh.stop("z");
            assertOneOwnerEach(fresh, List.of("x", "y"), false);
            fresh.restart("z");
            awaitAnswering(fresh, "z");
            assertOneOwnerEach(fresh, names, true);
        }
    }

    @Test
    void anApplicationsServerErrorsNeverTakeItsNodeOutOfRoutingButGatewayFailuresDo() throws Exception {
        String key = farm.keyOwnedBy("b");
        for (String status : List.of("500", "501", "500", "501", "500", "501")) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(farm.url("a", "/app/echo?id=" + key)).header("X-Want-Status", status)
                    .method("PATCH", HttpRequest.BodyPublishers.noBody()));
            assertThat(answer.statusCode()).isEqualTo(Integer.parseInt(status));
            assertThat(answer.headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue("b");
        }
        assertThat(status("a").get("health").get("b").asText()).isEqualTo("up");
        assertThat(get(farm.url("a", "/app/echo?id=" + key)).headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue("b");

        for (int i = 0; i < 3; i++) {
            send(HttpRequest.newBuilder(farm.url("a", "/app/echo?id=" + key)).header("X-Want-Status", "503"));
        }
        assertThat(status("a").get("health").get("b").asText()).as("three 503s in a row: b is ejected for a while").isEqualTo("down");
    }

    @Test
    void everyClientAddressHeaderABackEndMightTrustIsDroppedOnTheWay() throws Exception {
        List<String> planted = List.of("X-Real-IP", "True-Client-IP", "X-Client-IP", "Client-IP", "X-Cluster-Client-IP", "CF-Connecting-IP",
                "Fastly-Client-IP", "X-Originating-IP", "X-Remote-IP", "X-Remote-Addr", "X-Forwarded-Server", "X-Forwarded-Port",
                "X-Forwarded-Prefix", "X-Forwarded-Ssl", "Forwarded-For", "X-ProxyUser-Ip");
        HttpRequest.Builder request = HttpRequest.newBuilder(farm.url("a", "/app/echo?id=" + farm.keyOwnedBy("b")));
        planted.forEach(header -> request.header(header, "6.6.6.6"));
        JsonNode seen = JSON.readTree(send(request).body());

        assertThat(seen.get("node").asText()).isEqualTo("b");
        List<String> arrived = new ArrayList<>();
        seen.get("headerNames").forEach(name -> arrived.add(name.asText()));
        assertThat(arrived).doesNotContainAnyElementsOf(planted.stream().map(h -> h.toLowerCase(java.util.Locale.ROOT)).toList());
        assertThat(seen.get("xForwardedFor").toString()).isEqualTo("[\"127.0.0.1\"]");
        assertThat(seen.toString()).doesNotContain("6.6.6.6");
    }

    @Test
    void theStatusAnswersOnlyGetIsNeverCachedAndNamesTheViewThatPlacesKeys() throws Exception {
        HttpResponse<String> status = get(farm.url("a", "/app/affinity/status"));
        assertThat(status.headers().firstValue("Cache-Control")).hasValue("no-store");
        for (String method : List.of("POST", "DELETE", "PUT")) {
            HttpResponse<String> refused = send(HttpRequest.newBuilder(farm.url("a", "/app/affinity/status"))
                    .method(method, HttpRequest.BodyPublishers.noBody()));
            assertThat(refused.statusCode()).as(method).isEqualTo(405);
            assertThat(refused.headers().firstValue("Allow")).hasValue("GET");
            assertThat(refused.body()).doesNotContain("members");
        }
        JsonNode view = JSON.readTree(status.body()).get("view");
        assertThat(view.get("id").asText()).matches("[0-9a-f]{8}");
        assertThat(view.get("routable").toString()).isEqualTo("[\"a\",\"b\",\"c\"]");
        for (String node : NODES) {
            assertThat(status(node).get("view").get("id").asText()).as("the view of " + node).isEqualTo(view.get("id").asText());
        }
        String epoch = view.get("epoch").asLong() + ";view=" + view.get("id").asText();
        assertThat(get(farm.url("a", "/app/echo?id=" + farm.keyOwnedBy("a"))).headers().firstValue(AffinityFilter.EPOCH_HEADER))
                .as("served by a, placed by a").hasValue(epoch);
        assertThat(get(farm.url("a", "/app/echo?id=" + farm.keyOwnedBy("c"))).headers().firstValue(AffinityFilter.EPOCH_HEADER))
                .as("served by c, placed by a").hasValue(epoch);
        assertThat(JSON.readTree(status.body()).get("selfCheck").asText()).isEqualTo("ok");
        assertThat(JSON.readTree(status.body()).get("configurationErrors")).isEmpty();
    }

    /** A client that sends a forwarded body a few bytes at a time is cut off by the node it reached; the owner stays in routing. */
    @Test
    void aClientSendingItsBodyTooSlowlyIsCutOffByTheForwardingNode() throws Exception {
        long slowBefore = counter("a", "slowBodies");
        long started = System.nanoTime();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), farm.port("a"))) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("POST /app/echo?id=" + farm.keyOwnedBy("b") + " HTTP/1.1\r\nHost: a\r\n"
                    + "Content-Length: 100000\r\n\r\n" + "x".repeat(10)).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 408").contains("forward.body.min-rate").doesNotContain("Exception");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("cut off after the grace and a check or two").isLessThan(Duration.ofSeconds(10));
        assertThat(counter("a", "slowBodies")).isEqualTo(slowBefore + 1);
        assertThat(status("a").get("health").get("b").asText()).isEqualTo("up");
    }

    /**
     * Node z is started with y's name as {@code self}: it finds its own URL is z's, says so in its
     * log and status, and serves every request without forwarding any to itself.
     */
    @Test
    void aNodeWhoseSelfNamesAnotherMemberSaysSoAndNeverForwardsToItself() throws Exception {
        try (LogRecords log = new LogRecords("dev.affinity");
             Farm wrong = Farm.start(kind(), List.of("x", "y", "z"), (self, ports) -> {
                 Map<String, String> settings = new java.util.LinkedHashMap<>(Farm.defaults(self, ports));
                 if (self.equals("z")) {
                     settings.put("self", "y");
                 }
                 return settings;
             })) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(status(wrong, "z").get("configurationErrors").toString()).contains("'self' is y")
                            .contains("the URL of member z reaches this node"));
            assertThat(status(wrong, "z").get("selfCheck").asText()).isEqualTo("errors");
            long forwardedBefore = status(wrong, "z").get("counters").get("forwarded").asLong();
            int toX = 0;
            for (int i = 0; i < 60; i++) {
                String key = "wrong-" + i;
                HttpResponse<String> answer = get(wrong.url("z", "/app/echo?id=" + key));
                JsonNode seen = JSON.readTree(answer.body());
                assertThat(answer.statusCode()).isEqualTo(200);
                if (wrong.rank(key).get(0).equals("x")) {
                    toX++;
                    assertThat(seen.get("node").asText()).isEqualTo("x");
                } else {
                    assertThat(seen.get("node").asText()).as("served by z itself").isEqualTo("z");
                    assertThat(seen.get("via").isNull()).as("never forwarded to itself").isTrue();
                }
            }
            assertThat(toX).isPositive();
            assertThat(status(wrong, "z").get("counters").get("forwarded").asLong() - forwardedBefore).isEqualTo(toX);
            assertThat(log.text()).contains("configuration error").contains("'self' is y");
        }
    }

    private static String view(String self, Map<String, Integer> ports) {
        StringBuilder members = new StringBuilder();
        for (Map.Entry<String, Integer> e : ports.entrySet()) {
            members.append(members.length() == 0 ? "" : ",").append("http://127.0.0.1:").append(e.getValue())
                    .append(";name=").append(e.getKey()).append(";weight=").append(e.getKey().equals(self) ? "1" : "1000");
        }
        return members.toString();
    }

    private static String owner(String members, String key) {
        List<Member> list = new MemberListParser("members").parseList(members);
        return Strategy.RENDEZVOUS.place(list).owner(PartitionKey.of(key).hash()).name();
    }

    /**
     * Sends 200 keys through each of {@code receivers} and asserts each has one owner (and, when all
     * answer, one view). Two views that disagree on a member place about a third of the keys
     * differently, so 200 keys miss a disagreement with a chance below 10^-30.
     */
    private void assertOneOwnerEach(Farm target, List<String> receivers, boolean oneView) throws Exception {
        java.util.Set<String> views = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            String key = "owner-" + i;
            java.util.Set<String> owners = new java.util.HashSet<>();
            for (String receiver : receivers) {
                HttpResponse<String> answer = get(target.url(receiver, "/app/echo?id=" + key));
                assertThat(answer.statusCode()).as(key + " through " + receiver).isEqualTo(200);
                owners.add(JSON.readTree(answer.body()).get("node").asText());
                answer.headers().firstValue(AffinityFilter.EPOCH_HEADER).ifPresent(epoch -> views.add(epoch.substring(epoch.indexOf('=') + 1)));
            }
            assertThat(owners).as("the owners of " + key + " through " + receivers).hasSize(1);
        }
        if (oneView) {
            assertThat(views).as("the views that placed the keys").hasSize(1);
        }
    }

    /** Waits until {@code node} answers its health check. */
    private void awaitAnswering(Farm target, String node) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> get(target.url(node, "/app/affinity/health")).statusCode() == 200);
    }

    private JsonNode status(String node) throws IOException, InterruptedException {
        return status(farm, node);
    }

    private JsonNode status(Farm target, String node) throws IOException, InterruptedException {
        return JSON.readTree(get(target.url(node, "/app/affinity/status")).body());
    }

    private long counter(String node, String name) throws IOException, InterruptedException {
        return JSON.readTree(get(farm.url(node, "/app/affinity/status")).body()).get("counters").get(name).asLong();
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
