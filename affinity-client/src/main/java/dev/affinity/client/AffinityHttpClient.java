package dev.affinity.client;

import dev.affinity.routing.Member;
import dev.affinity.routing.Ring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A partition-aware HTTP client for a farm of nodes running the affinity filter: it wraps
 * {@link HttpClient} and sends each request straight to the member that owns its partition key,
 * computed with the nodes' own key chain and placement from the ring a node describes, or from the
 * farm's Hazelcast membership (see {@code docs/client.md}). The request's scheme, host and port are replaced by the owner's base
 * URL; the rest is sent as it is. A member that refuses the connection, or answers {@code 421
 * Misdirected Request} (it did not process the request), is skipped for the next in the key's rank;
 * a request that failed once sent is sent again only when its method is safe. Build one with
 * {@link #builder(URI)}; it is thread-safe and meant to be shared.
 */
public final class AffinityHttpClient implements AutoCloseable {
    /** The response header naming the member that served a request (nodes with {@code expose-node=true}). */
    public static final String NODE_HEADER = Routes.NODE_HEADER;
    /** The response header carrying the view that placed a request: {@code <epoch>;view=<id>}. */
    public static final String EPOCH_HEADER = Routes.EPOCH_HEADER;

    private final HttpClient http;
    private final RingFollower ring;
    private final Routes routes;
    private final CookieHandler cookies;

    private AffinityHttpClient(HttpClient http, RingFollower ring, CookieHandler cookies) {
        this.http = http;
        this.ring = ring;
        this.routes = new Routes(ring);
        this.cookies = cookies;
    }

    /**
     * A builder for a farm one of whose nodes is {@code node}: its base URL and the webapp's context
     * path, e.g. {@code http://10.0.0.1:8080/shop} (with {@link RingClientBuilder#hazelcast}, only its path is used).
     */
    public static Builder builder(URI node) {
        return new Builder(node);
    }

    /**
     * Sends {@code request} to the owner of its key and waits for the answer, as {@link HttpClient#send}
     * does, on the calling thread (no hand-off between threads, as the JDK's own {@code send}).
     */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        HttpRequest withCookies = withCookies(request);
        Routes.Route route = routes.route(withCookies.method(), withCookies.uri(), withCookies.headers());
        for (int index = 0; ; index++) {
            Member member = route.candidates().get(index);
            HttpResponse<T> response;
            try {
                response = http.send(to(member, withCookies), handler);
            } catch (IOException e) {
                if (routes.tryNext(route, index, neverSent(e))) {
                    continue;
                }
                throw e;
            }
            if (!routes.misdirected(route, response.statusCode(), index)) {
                answered(route, withCookies, response, member);
                return response;
            }
        }
    }

    /** Sends {@code request} to the owner of its key, as {@link HttpClient#sendAsync} does. */
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            HttpRequest withCookies = withCookies(request);
            return attempt(routes.route(withCookies.method(), withCookies.uri(), withCookies.headers()), withCookies, handler, 0);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The ring in use (read now if none was read yet). */
    public Ring ring() {
        try {
            return ring.current().ring();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops reading the ring; the wrapped client is left as it was given. */
    @Override
    public void close() {
        ring.close();
    }

    private <T> CompletableFuture<HttpResponse<T>> attempt(Routes.Route route, HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                          int index) {
        Member member = route.candidates().get(index);
        return http.sendAsync(to(member, request), handler).handle((response, failure) -> {
            if (failure == null && routes.misdirected(route, response.statusCode(), index)) {
                return attempt(route, request, handler, index + 1);
            }
            if (failure == null) {
                answered(route, request, response, member);
                return CompletableFuture.completedFuture(response);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            return routes.tryNext(route, index, neverSent(cause)) ? attempt(route, request, handler, index + 1)
                    : CompletableFuture.<HttpResponse<T>>failedFuture(cause);
        }).thenCompose(next -> next);
    }

    /** Whether the request failed before it was sent: no connection. */
    private static boolean neverSent(Throwable failure) {
        return failure instanceof ConnectException || failure instanceof HttpConnectTimeoutException;
    }

    /** {@code request} sent to {@code member}: its base URL, then the request's path and query. */
    private static HttpRequest to(Member member, HttpRequest request) {
        return HttpRequest.newBuilder(request, (name, value) -> true).uri(Routes.target(member, request.uri())).build();
    }

    /** An answer came: its cookies are kept for the farm's address, and the ring is read again when the answer shows it changed. */
    private void answered(Routes.Route route, HttpRequest request, HttpResponse<?> response, Member member) {
        if (cookies != null) {
            try {
                cookies.put(request.uri(), response.headers().map());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        routes.answered(route, response.headers(), member);
    }

    /** {@code request} with the cookies the cookie handler keeps for its address. */
    private HttpRequest withCookies(HttpRequest request) throws IOException {
        if (cookies == null) {
            return request;
        }
        Map<String, List<String>> kept = cookies.get(request.uri(), request.headers().map());
        List<String> values = new ArrayList<>();
        kept.forEach((name, list) -> {
            if (name.equalsIgnoreCase("Cookie")) {
                values.addAll(list);
            }
        });
        if (values.isEmpty()) {
            return request;
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(request, (name, value) -> true);
        values.forEach(value -> builder.header("Cookie", value));
        return builder.build();
    }

    /**
     * Builds an {@link AffinityHttpClient}; see {@link AffinityHttpClient#builder(URI)}; the farm's
     * settings are {@link RingClientBuilder}'s.
     */
    public static final class Builder extends RingClientBuilder<Builder> {
        private CookieHandler cookieHandler;
        private HttpClient httpClient;

        private Builder(URI node) {
            super(node);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Keeps cookies (a session's) for the farm's address, whichever member answers. */
        public Builder cookieHandler(CookieHandler handler) {
            this.cookieHandler = handler;
            return this;
        }

        /** The client to wrap (timeouts, executor, TLS); it must have no cookie handler of its own. Default: a new one. */
        public Builder httpClient(HttpClient client) {
            if (client.cookieHandler().isPresent()) {
                throw new IllegalArgumentException("the wrapped HttpClient must have no cookie handler: give it to cookieHandler(...), "
                        + "which keeps cookies for the farm rather than for one member");
            }
            this.httpClient = client;
            return this;
        }

        /**
         * The client; it reads the ring at once (if no node answers, it tries again at the first request).
         *
         * @throws IllegalStateException when the ring is read from the nodes and a strategy is given,
         *                               or from Hazelcast and seeds or ring endpoint settings are
         */
        public AffinityHttpClient build() {
            HttpClient http = httpClient != null ? httpClient : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            return new AffinityHttpClient(http, ring.follow(() -> http), cookieHandler);
        }
    }
}
