package dev.affinity.session;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One user agent: sends requests with its session cookie and keeps the cookie the server sets. */
final class Browser {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String sessionId;

    Browser() {
    }

    Browser(String sessionId) {
        this.sessionId = sessionId;
    }

    String sessionId() {
        return sessionId;
    }

    /** GETs {@code base + "/s?" + query} and answers the body; fails on a non-200 status. */
    String call(URI base, String query) {
        return call(base, "/s", query);
    }

    /** GETs {@code base + path + "?" + query} and answers the body; fails on a non-200 status. */
    String call(URI base, String path, String query) {
        HttpResponse<String> response = send(base, path, query);
        if (response.statusCode() != 200) {
            throw new AssertionError("HTTP " + response.statusCode() + " for " + query + ": " + response.body());
        }
        return response.body();
    }

    /** GETs {@code base + "/s?" + query} and answers the response, whatever its status. */
    HttpResponse<String> send(URI base, String query) {
        return send(base, "/s", query);
    }

    private HttpResponse<String> send(URI base, String path, String query) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path + "?" + query)).timeout(Duration.ofSeconds(20));
        if (sessionId != null) {
            request.header("Cookie", "JSESSIONID=" + sessionId);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("JSESSIONID="))
                    .forEach(c -> sessionId = c.substring("JSESSIONID=".length(), c.indexOf(';') < 0 ? c.length() : c.indexOf(';')));
            return response;
        } catch (IOException e) {
            throw new AssertionError("request " + query + " to " + base + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** GETs a path under {@code base} and answers the body whatever the status. */
    static String fetch(URI base, String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
