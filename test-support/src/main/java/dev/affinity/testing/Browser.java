package dev.affinity.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One user over real HTTP/1.1: keeps the {@code JSESSIONID} cookie a node sets and sends it to every
 * node, as a browser does for the cookies of one host whatever the port. Redirects are not followed.
 */
public final class Browser {
    private static final Pattern SESSION_COOKIE = Pattern.compile("^JSESSIONID=([^;]*)");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient SHARED = newHttpClient();

    private final HttpClient http;
    private volatile String sessionId;

    /** A browser without a session, sending through {@code http}. */
    public Browser(HttpClient http) {
        this.http = http;
    }

    /** A browser without a session, sending through a client shared by such browsers. */
    public Browser() {
        this(SHARED);
    }

    /** A browser that holds session {@code sessionId} already, sending through a shared client. */
    public Browser(String sessionId) {
        this(SHARED);
        this.sessionId = sessionId;
    }

    /** A client for tests: HTTP/1.1, no redirects followed, bounded connect time. */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The session id the farm last set, if any. */
    public Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    /** {@code GET uri}. */
    public Answer get(URI uri) {
        return send(request(uri).GET());
    }

    /** {@code GET uri} with one more request header. */
    public Answer get(URI uri, String header, String value) {
        return send(request(uri).header(header, value).GET());
    }

    /** {@code POST uri} with a JSON body. */
    public Answer postJson(URI uri, String json) {
        return send(jsonPost(uri, json));
    }

    /** {@code POST uri} with a JSON body and one more request header. */
    public Answer postJson(URI uri, String json, String header, String value) {
        return send(jsonPost(uri, json).header(header, value));
    }

    /** {@code POST uri} with an {@code application/x-www-form-urlencoded} body of {@code fields}. */
    public Answer postForm(URI uri, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(f -> URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(uri).header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder jsonPost(URI uri, String json) {
        return request(uri).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
        String id = sessionId;
        if (id != null) {
            builder.header("Cookie", "JSESSIONID=" + id);
        }
        return builder;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String cookie : response.headers().allValues("Set-Cookie")) {
                Matcher m = SESSION_COOKIE.matcher(cookie);
                if (m.find()) {
                    sessionId = m.group(1).isEmpty() ? null : m.group(1);
                }
            }
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
