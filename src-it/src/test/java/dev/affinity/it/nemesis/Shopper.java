package dev.affinity.it.nemesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.testing.Browser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/**
 * One user of the shop for the scenario tests: the session id it sends is the one it is told to
 * send (so a test can send an old id where it wants), and the id the last answer set is kept. A
 * {@code GET} answered {@code 303} (the balancer) is followed once.
 */
final class Shopper {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = Browser.newHttpClient();

    /** One answer: its status, body, the node that served it, the session id it set and where it redirects, if any. */
    record Answer(int status, String body, String node, String setSession, String location) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        /** The quantity of {@code sku} in a cart answer. */
        int quantity(String sku) {
            return json().path("items").path(sku).asInt(0);
        }
    }

    private String session;

    Shopper() {
    }

    /** The id the last answer set (or the first one given). */
    String session() {
        return session;
    }

    /** {@code GET url} with the current session id. */
    Answer get(String url) {
        return getWith(url, session);
    }

    /** {@code GET url} with {@code id} as the session cookie, whatever the current one is. */
    Answer getWith(String url, String id) {
        Answer answer = send(HttpRequest.newBuilder().GET(), url, id);
        return answer.status() == 303 ? send(HttpRequest.newBuilder().GET(), answer.location(), id) : answer;
    }

    /** Adds one {@code sku} through {@code url} ({@code .../cart/items}) with {@code id} as the session cookie. */
    Answer addWith(String url, String id, String sku) {
        return send(HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"" + sku + "\",\"quantity\":1}"))
                .header("Content-Type", "application/json"), url, id);
    }

    /** Adds one {@code sku} with the current session id. */
    Answer add(String url, String sku) {
        return addWith(url, session, sku);
    }

    private Answer send(HttpRequest.Builder request, String url, String id) {
        request.uri(URI.create(url)).header("Idempotency-Key", UUID.randomUUID().toString()).timeout(Duration.ofSeconds(15));
        if (id != null) {
            request.header("Cookie", "JSESSIONID=" + id);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String set = response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                    .map(c -> c.substring("JSESSIONID=".length(), c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                    .reduce((first, last) -> last).orElse(null);
            if (set != null) {
                session = set;
            } else if (session == null) {
                session = id;
            }
            return new Answer(response.statusCode(), response.body(), response.headers().firstValue("X-Affinity-Node").orElse(""), set,
                    response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
