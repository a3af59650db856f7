package dev.affinity.it.abuse;

import java.util.ArrayList;
import java.util.List;

/**
 * The hostile requests, written out byte for byte for one entry point. None of them creates a
 * session (they read prices, the cart and health), so sending them many times must not grow a heap.
 */
final class BadRequests {
    /** One hostile request: what it tries, and its bytes. */
    record BadRequest(String name, String raw) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String VALID_RANDOM = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private BadRequests() {
    }

    /**
     * Every hostile request for the entry point {@code target} ({@code host:port}); {@code elsewhere}
     * is an address that is no member and must never be contacted.
     */
    static List<BadRequest> against(String target, String elsewhere) {
        long now = System.currentTimeMillis();
        List<BadRequest> all = new ArrayList<>();
        all.add(get("oversized key", "/price?id=" + "k".repeat(300), target, ""));
        all.add(get("percent-encoded control character in key", "/price?id=a%01b", target, ""));
        all.add(get("raw control character in target", "/price?id=a\u0001b", target, ""));
        all.add(get("raw DEL and high bytes in key", "/price?id=a\u007f\u00ff", target, ""));
        all.add(get("invalid percent-encoding", "/price?id=%zz", target, ""));
        all.add(get("truncated percent-encoding", "/price?id=ab%E", target, ""));
        all.add(get("overlong UTF-8 percent-encoding", "/price?id=%C0%AE%C0%AE", target, ""));
        all.add(get("overlong UTF-8 in another parameter", "/price?id=abc&amount=%C0%AE", target, ""));
        all.add(get("CRLF in parameter", "/price?id=a%0d%0aSet-Cookie:%20evil=1", target, ""));
        all.add(get("CRLF in path", "/price%0d%0aLocation:%20http://" + elsewhere + "/?id=a", target, ""));
        all.add(new BadRequest("Content-Length and Transfer-Encoding", "POST /cart/items HTTP/1.1\r\nHost: " + target
                + "\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "0\r\n\r\nGET /price?id=smuggled HTTP/1.1\r\nHost: " + target + "\r\n\r\n"));
        all.add(new BadRequest("two Content-Length headers", "POST /cart/items HTTP/1.1\r\nHost: " + target
                + "\r\nContent-Length: 2\r\nContent-Length: 40\r\nConnection: close\r\n\r\n{}"));
        for (String key : List.of("a", "b", "c", "d")) {
            all.add(new BadRequest("absolute-URI target naming another host (key " + key + ")", "GET http://" + elsewhere
                    + "/price?id=" + key + " HTTP/1.1\r\nHost: " + elsewhere + "\r\nConnection: close\r\n\r\n"));
            all.add(get("Host naming another host (key " + key + ")", "/price?id=" + key, elsewhere, ""));
            all.add(get("X-Forwarded-Host and Forwarded naming another host (key " + key + ")", "/price?id=" + key, target,
                    "X-Forwarded-Host: " + elsewhere + "\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Port: 443\r\n"
                            + "Forwarded: host=\"" + elsewhere + "\";proto=https\r\n"));
            all.add(get("forged forwarding mark (key " + key + ")", "/price?id=" + key, target,
                    "Affinity-Forwarded: origin=node2;key=00000000000000ff;ts=" + now + ";sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n"));
            all.add(get("replayed stale forwarding mark (key " + key + ")", "/price?id=" + key, target,
                    "Affinity-Forwarded: origin=node3;key=00000000000000ff;ts=" + (now - 3_600_000)
                            + ";sig=Zm9yZ2VkLXNpZ25hdHVyZS1mb3JnZWQtc2lnbmF0dXJlLWZvcg\r\n"));
        }
        all.add(get("malformed forwarding mark naming another host", "/price?id=e", target,
                "Affinity-Forwarded: origin=" + elsewhere + ";key=;ts=x;sig=%%\r\nAffinity-Forwarded: garbage\r\n"));
        all.add(get("root with Host elsewhere", "/", elsewhere, ""));
        all.add(get("directory-like path with Host elsewhere", "/WEB-INF", elsewhere, ""));
        all.add(get("huge session id", "/cart", target, "Cookie: JSESSIONID=" + "s".repeat(6_000) + "\r\n"));
        all.add(get("empty session id", "/cart", target, "Cookie: JSESSIONID=\r\n"));
        all.add(get("session id of another node", "/cart", target, "Cookie: JSESSIONID=" + VALID_RANDOM + ".node2\r\n"));
        all.add(get("session id of an unknown route", "/cart", target, "Cookie: JSESSIONID=" + VALID_RANDOM + "." + elsewhere + "\r\n"));
        all.add(get("session id with control characters", "/cart", target, "Cookie: JSESSIONID=" + VALID_RANDOM + "%0d%0a.node1\r\n"));
        all.add(get("huge jsessionid path parameter", "/cart;jsessionid=" + "j".repeat(3_000), target, ""));
        all.add(get("dot segments out of the webapp", "/../../etc/passwd", target, ""));
        return all;
    }

    private static BadRequest get(String name, String target, String host, String headers) {
        return new BadRequest(name, "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n" + headers + "Connection: close\r\n\r\n");
    }
}
