package dev.affinity.client;

import dev.affinity.config.ConfigException;
import dev.affinity.routing.InvalidKeyException;
import dev.affinity.routing.KeyChain;
import dev.affinity.routing.Member;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Ring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A partition-aware HTTP client for a farm of nodes running the affinity filter: it wraps
 * {@link HttpClient} and sends each request straight to the member that owns its partition key,
 * computed with the nodes' own key chain and placement from the ring a node describes (see
 * {@code docs/client.md}). The request's scheme, host and port are replaced by the owner's base
 * URL; the rest is sent as it is. A member that refuses the connection, or answers {@code 421
 * Misdirected Request} (it did not process the request), is skipped for the next in the key's rank;
 * a request that failed once sent is sent again only when its method is safe. Build one with
 * {@link #builder(URI)}; it is thread-safe and meant to be shared.
 */
public final class AffinityHttpClient implements AutoCloseable {
    /** The response header naming the member that served a request (nodes with {@code expose-node=true}). */
    public static final String NODE_HEADER = "X-Affinity-Node";
    /** The response header carrying the view that placed a request: {@code <epoch>;view=<id>}. */
    public static final String EPOCH_HEADER = "X-Affinity-Epoch";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    /** {@code 421 Misdirected Request}: the member says it does not serve this request; it did not process it. */
    private static final int NOT_HERE = 421;

    private final HttpClient http;
    private final RingFollower ring;
    private final CookieHandler cookies;

    private AffinityHttpClient(HttpClient http, RingFollower ring, CookieHandler cookies) {
        this.http = http;
        this.ring = ring;
        this.cookies = cookies;
    }

    /** A builder for a farm one of whose nodes is {@code node}: its base URL and the webapp's context path, e.g. {@code http://10.0.0.1:8080/shop}. */
    public static Builder builder(URI node) {
        return new Builder(node);
    }

    /**
     * Sends {@code request} to the owner of its key and waits for the answer, as {@link HttpClient#send}
     * does, on the calling thread (no hand-off between threads, as the JDK's own {@code send}).
     */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        Route route = route(request);
        for (int index = 0; ; index++) {
            Member member = route.candidates.get(index);
            HttpResponse<T> response;
            try {
                response = http.send(to(member, route.request), handler);
            } catch (IOException e) {
                if (tryNext(route, member, e, index)) {
                    continue;
                }
                throw e;
            }
            if (!misdirected(route, response, index)) {
                answered(route, response, member);
                return response;
            }
        }
    }

    /** Sends {@code request} to the owner of its key, as {@link HttpClient#sendAsync} does. */
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return attempt(route(request), handler, 0);
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

    /** The request with the farm's cookies, the ring it is placed by, and the members to try, best first. */
    private record Route(HttpRequest request, Placing placing, List<Member> candidates) {
    }

    private Route route(HttpRequest request) throws IOException {
        Placing placing = ring.current();
        HttpRequest withCookies = withCookies(request);
        PartitionKey key;
        try {
            key = placing.key(RequestView.of(withCookies.method(), withCookies.uri(), withCookies.headers(), placing.ring().contextPath()));
        } catch (InvalidKeyException e) {
            key = null;
        }
        return new Route(withCookies, placing, placing.candidates(key));
    }

    private <T> CompletableFuture<HttpResponse<T>> attempt(Route route, HttpResponse.BodyHandler<T> handler, int index) {
        Member member = route.candidates.get(index);
        return http.sendAsync(to(member, route.request), handler).handle((response, failure) -> {
            if (failure == null && misdirected(route, response, index)) {
                return attempt(route, handler, index + 1);
            }
            if (failure == null) {
                answered(route, response, member);
                return CompletableFuture.completedFuture(response);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            return tryNext(route, member, cause, index) ? attempt(route, handler, index + 1)
                    : CompletableFuture.<HttpResponse<T>>failedFuture(cause);
        }).thenCompose(next -> next);
    }

    /**
     * Whether the request that failed at {@code member} goes to the next candidate: when it was never
     * sent (no connection: the member is then skipped a while), or when its method is safe.
     */
    private boolean tryNext(Route route, Member member, Throwable failure, int index) {
        boolean neverSent = failure instanceof ConnectException || failure instanceof HttpConnectTimeoutException;
        if (neverSent) {
            ring.unreachable(member);
        }
        return (neverSent || SAFE_METHODS.contains(route.request.method())) && index + 1 < route.candidates.size();
    }

    /** Whether the answer is {@code 421} and another candidate is left: the ring is then read again. */
    private boolean misdirected(Route route, HttpResponse<?> response, int index) {
        if (response.statusCode() == NOT_HERE && index + 1 < route.candidates.size()) {
            ring.refreshSoon();
            return true;
        }
        return false;
    }

    /** {@code request} sent to {@code member}: its base URL, then the request's path and query. */
    private static HttpRequest to(Member member, HttpRequest request) {
        URI uri = request.uri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = member.baseUrl() + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return HttpRequest.newBuilder(request, (name, value) -> true).uri(URI.create(target)).build();
    }

    /**
     * An answer came: its cookies are kept for the farm's address, and the ring is read again when
     * the answer shows it changed (another member served it, or another view placed it).
     */
    private void answered(Route route, HttpResponse<?> response, Member member) {
        HttpHeaders headers = response.headers();
        if (cookies != null) {
            try {
                cookies.put(route.request.uri(), headers.map());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String node = headers.firstValue(NODE_HEADER).orElse(null);
        String epoch = headers.firstValue(EPOCH_HEADER).orElse(null);
        if ((node != null && !node.equals(member.name())) || (epoch != null && !epoch.endsWith(";view=" + route.placing.ring().viewId()))) {
            ring.refreshSoon();
        }
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

    /** Builds an {@link AffinityHttpClient}; see {@link AffinityHttpClient#builder(URI)}. */
    public static final class Builder {
        private final List<URI> seeds = new ArrayList<>();
        private String key;
        private Duration refreshEvery = Duration.ofSeconds(5);
        private Duration ringTimeout = Duration.ofSeconds(2);
        private String ringPath = "/affinity/ring";
        private CookieHandler cookieHandler;
        private HttpClient httpClient;

        private Builder(URI node) {
            seeds.add(Objects.requireNonNull(node, "node"));
        }

        /** More nodes (base URL and context path) to read the ring from when the first does not answer. */
        public Builder seeds(URI... nodes) {
            seeds.addAll(List.of(nodes));
            return this;
        }

        /** The key chain to use instead of the farm's {@code key} setting, e.g. {@code param:id,session}. */
        public Builder key(String spec) {
            try {
                KeyChain.parse("key", spec, 256, "JSESSIONID");
            } catch (ConfigException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            this.key = spec;
            return this;
        }

        /** How often the ring is read again (default 5 s; it is also read again at once when a response shows it changed). */
        public Builder refreshEvery(Duration period) {
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("the ring's refresh period must be positive: " + period);
            }
            this.refreshEvery = period;
            return this;
        }

        /** The longest one read of the ring may take (default 2 s). */
        public Builder ringTimeout(Duration timeout) {
            this.ringTimeout = timeout;
            return this;
        }

        /** The ring endpoint's path under the context path, the nodes' {@code ring.path} (default {@code /affinity/ring}). */
        public Builder ringPath(String path) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("the ring path must start with '/': " + path);
            }
            this.ringPath = path;
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

        /** The client; it reads the ring at once (if no node answers, it tries again at the first request). */
        public AffinityHttpClient build() {
            HttpClient http = httpClient != null ? httpClient : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            RingFollower follower = new RingFollower(http, seeds, ringPath, key, ringTimeout);
            follower.start(refreshEvery);
            return new AffinityHttpClient(http, follower, cookieHandler);
        }
    }
}
