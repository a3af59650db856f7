package dev.affinity.it.load;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * HTTP as the farm's test clients speak it: one cookie jar per client (its session, whichever
 * node or balancer it enters through), redirects left to the caller, and each exchange on a
 * connection of its own.
 */
public final class SessionHttp {
    private SessionHttp() {
    }

    /**
     * A client with a cookie jar of its own that follows no redirect, and gives up a connection not
     * made within 2 s: a frozen node's port takes connections no one accepts.
     */
    public static HttpClient newClient() {
        return newClient(Duration.ofSeconds(2));
    }

    /** A client as {@link #newClient()}, that gives up a connection not made within {@code connectTimeout}. */
    public static HttpClient newClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    }

    /**
     * One exchange with an {@code Idempotency-Key}, on a connection of its own ({@code Connection: close};
     * the JVM must allow the header, {@code jdk.httpclient.allowRestrictedHeaders=connection}): the JDK
     * client resends a {@code GET} by itself when a pooled connection turns out closed, which would hide
     * a request from the client's count.
     */
    public static HttpResponse<String> exchange(HttpClient http, HttpRequest.Builder request, URI uri, String key, Duration timeout)
            throws IOException, InterruptedException {
        return http.send(request.copy().uri(uri).header("Connection", "close").header("Idempotency-Key", key)
                .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    }
}
