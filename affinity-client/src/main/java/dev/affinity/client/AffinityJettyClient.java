package dev.affinity.client;

import dev.affinity.routing.Member;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * The partition-aware client for callers that send with Jetty's {@link org.eclipse.jetty.client.HttpClient}:
 * the caller builds its request to the farm's logical address with that client, as it does today
 * ({@code jetty.newRequest("http://farm/shop/cart?id=42")}), and sends it through this wrapper,
 * which sends it straight to the member that owns its key, with the same ring, key rules, failover
 * and ring refresh as {@link AffinityHttpClient}. The ring is read with the JDK's client. The key
 * is read from the request's method, URI and headers as built; cookies Jetty's own cookie store
 * would add when sending are not seen, so a session is routed by its route when its cookie is set
 * on the request.
 */
public final class AffinityJettyClient implements AutoCloseable {
    private final org.eclipse.jetty.client.HttpClient jetty;
    private final RingFollower ring;
    private final Routes routes;

    private AffinityJettyClient(org.eclipse.jetty.client.HttpClient jetty, RingFollower ring) {
        this.jetty = jetty;
        this.ring = ring;
        this.routes = new Routes(ring);
    }

    /**
     * Wraps {@code jetty} (started, and stopped by its owner) for the farm one of whose nodes is
     * {@code node} (its base URL and the webapp's context path); the ring is read at once and every
     * {@code refreshEvery}.
     */
    public static AffinityJettyClient wrap(org.eclipse.jetty.client.HttpClient jetty, URI node, Duration refreshEvery) {
        if (refreshEvery.isNegative() || refreshEvery.isZero()) {
            throw new IllegalArgumentException("the ring's refresh period must be positive: " + refreshEvery);
        }
        HttpClient ringReader = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        RingFollower follower = new RingFollower(new EndpointRing(ringReader, List.of(node), "/affinity/ring", Duration.ofSeconds(2)), null);
        follower.start(refreshEvery);
        return new AffinityJettyClient(jetty, follower);
    }

    /**
     * Sends {@code request} (built with the wrapped client, to the farm's logical address) to the
     * owner of its key and waits for the answer. A member that cannot be connected to, or answers
     * {@code 421}, is skipped for the next in rank; a request that failed once sent is sent again
     * only when its method is safe.
     */
    public ContentResponse send(Request request) throws IOException, InterruptedException, TimeoutException, ExecutionException {
        Routes.Route route = routes.route(request.getMethod(), request.getURI(), headersOf(request.getHeaders()));
        for (int index = 0; ; index++) {
            Member member = route.candidates().get(index);
            ContentResponse response;
            try {
                response = copyTo(member, request).send();
            } catch (ExecutionException e) {
                if (routes.tryNext(route, index, neverSent(e.getCause()))) {
                    continue;
                }
                throw e;
            }
            if (!routes.misdirected(route, response.getStatus(), index)) {
                routes.answered(route, headersOf(response.getHeaders()), member);
                return response;
            }
        }
    }

    /** Stops reading the ring; the wrapped client is left as it was given. */
    @Override
    public void close() {
        ring.close();
    }

    /** {@code request} as sent to {@code member}: the same method, headers, body and timeouts, to the member's base URL. */
    private Request copyTo(Member member, Request request) {
        Request copy = jetty.newRequest(Routes.target(member, request.getURI()))
                .method(request.getMethod())
                .version(request.getVersion())
                .headers(headers -> headers.add(request.getHeaders()))
                .body(request.getBody());
        if (request.getTimeout() > 0) {
            copy.timeout(request.getTimeout(), TimeUnit.MILLISECONDS);
        }
        if (request.getIdleTimeout() > 0) {
            copy.idleTimeout(request.getIdleTimeout(), TimeUnit.MILLISECONDS);
        }
        return copy;
    }

    /** Whether the request failed before it was sent: no connection. */
    private static boolean neverSent(Throwable failure) {
        return failure instanceof ConnectException || failure instanceof SocketTimeoutException;
    }

    private static HttpHeaders headersOf(HttpFields fields) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (HttpField field : fields) {
            map.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(field.getValue());
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }
}
