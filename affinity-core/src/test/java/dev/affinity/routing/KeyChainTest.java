package dev.affinity.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.HandlerServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Key extraction from real requests received by a real Jetty servlet container. */
class KeyChainTest {
    private static final KeyChain CHAIN = KeyChain.parse("key",
            "param:id, header:X-Customer-Id, cookie:cust, path:/customers/{key}/**, session", 256, "JSESSIONID");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static HandlerServer server;

    @BeforeAll
    static void start() throws Exception {
        ServletContextHandler context = new ServletContextHandler("/app");
        context.addServlet(new ServletHolder(new KeyEchoServlet()), "/*");
        server = new HandlerServer("keys", context);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void readsTheQueryParameterDecoded() throws Exception {
        assertThat(get("/app/x?id=42")).isEqualTo("200 42");
        assertThat(get("/app/x?a=1&id=a%20b+c&id=second")).isEqualTo("200 a b c");
        assertThat(get("/app/x?idx=1&xid=2")).isEqualTo("200 none");
        assertThat(get("/app/x?i%64=5")).isEqualTo("200 5");
        assertThat(get("/app/x?id=caf%C3%A9")).isEqualTo("200 café");
    }

    @Test
    void theFirstLinkOfTheChainWithAValueWins() throws Exception {
        assertThat(send(request("/app/x?id=p").header("X-Customer-Id", "h"))).isEqualTo("200 p");
        assertThat(send(request("/app/x?id=").header("X-Customer-Id", "h"))).isEqualTo("200 h");
        assertThat(send(request("/app/x").header("Cookie", "cust=c1"))).isEqualTo("200 c1");
    }

    @Test
    void readsAPathTemplateSegmentWithinTheContext() throws Exception {
        assertThat(get("/app/customers/c-7/orders/9")).isEqualTo("200 c-7");
        assertThat(get("/app/customers/c-8")).isEqualTo("200 c-8");
        assertThat(get("/app/customers/a%20b/x")).isEqualTo("200 a b");
        assertThat(get("/app/customers/c-9;p=1/x")).isEqualTo("200 c-9");
        assertThat(get("/app/suppliers/s-1")).isEqualTo("200 none");
    }

    @Test
    void readsTheSessionIdAndItsRouteFromTheCookieOrThePath() throws Exception {
        assertThat(send(request("/app/x").header("Cookie", "JSESSIONID=abc123.node-1"))).isEqualTo("200 abc123 route=node-1");
        assertThat(send(request("/app/x").header("Cookie", "JSESSIONID=noroute"))).isEqualTo("200 noroute");
        assertThat(get("/app/x;jsessionid=xyz.n2")).isEqualTo("200 xyz route=n2");
        assertThat(send(request("/app/x").header("Cookie", "JSESSIONID=abc.node.eu-1"))).as("split at the first dot, as Tomcat's jvmRoute")
                .isEqualTo("200 abc route=node.eu-1");
    }

    /** The session filter reads the same cookie, so a session is routed to the node whose copy it then uses. */
    @Test
    void aMalformedSessionCookieBeforeTheRealOneDoesNotHideIt() throws Exception {
        assertThat(send(request("/app/x").header("Cookie", "JSESSIONID=" + "s".repeat(300) + "; JSESSIONID=real.n3")))
                .isEqualTo("200 real route=n3");
    }

    @Test
    void refusesOversizeMalformedAndControlCharacterKeys() throws Exception {
        assertThat(get("/app/x?id=" + "k".repeat(256))).isEqualTo("200 " + "k".repeat(256));
        assertThat(get("/app/x?id=" + "k".repeat(257))).isEqualTo("400 request key longer than 256 characters");
        assertThat(rawGet("/app/x?id=%zz")).endsWith("malformed percent-encoding in the request key").startsWith("HTTP/1.1 400");
        assertThat(rawGet("/app/x?id=ab%E")).endsWith("malformed percent-encoding in the request key").startsWith("HTTP/1.1 400");
        assertThat(rawGet("/app/x?id=%C0%AE%C0%AE")).endsWith("the request key is not valid UTF-8 once percent-decoded")
                .startsWith("HTTP/1.1 400");
        assertThat(get("/app/x?id=a%2Fb+c%20d")).isEqualTo("200 a/b c d");
        assertThat(get("/app/x?id=a%0d%0ab")).isEqualTo("400 request key contains a control character");
        assertThat(get("/app/x?id=%01")).isEqualTo("400 request key contains a control character");
    }

    /** A session cookie planted from a sibling domain must not lock a user out of every page. */
    @Test
    void anOversizeOrMalformedSessionIdIsNoSessionKeyRatherThanARefusal() throws Exception {
        assertThat(send(request("/app/x").header("Cookie", "JSESSIONID=" + "s".repeat(300) + ".n1"))).isEqualTo("200 none");
        assertThat(rawGet("/app/x", "Cookie: JSESSIONID=ab\u00e9cd.n1")).startsWith("HTTP/1.1 200").endsWith("none");
        assertThat(get("/app/x;jsessionid=" + "j".repeat(300))).isEqualTo("200 none");
        assertThat(send(request("/app/x").header("Cookie", "JSESSIONID=" + "s".repeat(256)))).isEqualTo("200 " + "s".repeat(256));
    }

    /** A GET over a plain socket, for targets that java.net.http refuses to send. */
    private static String rawGet(String target) throws Exception {
        return rawGet(target, "");
    }

    private static String rawGet(String target, String header) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (header.isEmpty() ? "" : header + "\r\n")
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String get(String path) throws Exception {
        return send(request(path));
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
    }

    private static String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    /** Answers with the extracted key, or 400 with the refusal. */
    static final class KeyEchoServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=utf-8");
            try {
                PartitionKey key = CHAIN.extract(request);
                response.getWriter().print(key == null ? "none" : key.value() + (key.route() == null ? "" : " route=" + key.route()));
            } catch (InvalidKeyException e) {
                response.setStatus(400);
                response.getWriter().print(e.getMessage());
            }
        }
    }
}
