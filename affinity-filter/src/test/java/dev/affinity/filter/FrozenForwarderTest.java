package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.testing.JettyContainer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The forwarding node itself frozen with {@code kill -STOP} while it streams a client's body to
 * the owner: the client's bytes wait unread in its socket meanwhile, so the freeze is not the
 * client's slowness. Once thawed, the node reads the rest and relays the owner's answer; it does
 * not answer {@code 408} for a body that was on time (it did, before, as soon as it ran again:
 * its body check, overdue, counted the freeze against {@code forward.body.timeout}).
 */
class FrozenForwarderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIB = 1 << 20;
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(2);
    /** How long the forwarding node stays frozen: longer than {@link #BODY_TIMEOUT}. */
    private static final Duration FREEZE = Duration.ofSeconds(4);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void resetGates() {
        Gates.reset();
    }

    @Test
    void aClientWhoseBodyWaitedOnTheFrozenForwarderIsNotCutOff() throws Exception {
        try (Farm farm = Farm.startMixed(name -> name.equals("a") ? ProcessContainer::new : JettyContainer::new, List.of("a", "b"),
                (self, ports) -> {
                    Map<String, String> settings = new LinkedHashMap<>(Farm.defaults(self, ports));
                    settings.put("forward.body.timeout", BODY_TIMEOUT.toMillis() + "ms");
                    settings.put("forward.idle-timeout", "30s");
                    return settings;
                })) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> status(farm).get("members").findValues("confirmed")
                    .stream().allMatch(JsonNode::asBoolean));
            String key = farm.keyOwnedBy("b");
            byte[] body = new byte[MIB + 4096];
            Arrays.fill(body, (byte) 'x');
            ProcessContainer a = (ProcessContainer) farm.container("a");

            try (Socket socket = new Socket("127.0.0.1", farm.port("a"))) {
                socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
                OutputStream out = socket.getOutputStream();
                out.write(("POST /app/upload?id=" + key + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, MIB);
                out.flush();
                assertThat(Gates.await(Gates.uploadStarted)).as("the owner receives the first MiB through a").isTrue();

                a.freeze();
                try {
                    Thread.sleep(FREEZE.toMillis()); // the fault's length, by design: no wait for anything
                } finally {
                    a.thaw();
                }
                out.write(body, MIB, body.length - MIB);
                out.flush();

                String answer = readAll(socket.getInputStream());
                CRC32 crc = new CRC32();
                crc.update(body);
                assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("b " + body.length + " " + crc.getValue());
            }
            assertThat(status(farm).get("counters").get("slowBodies").asLong()).isZero();
        }
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private JsonNode status(Farm farm) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(farm.url("a", "/app/affinity/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }
}
