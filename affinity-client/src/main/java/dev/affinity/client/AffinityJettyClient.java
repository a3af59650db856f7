package dev.affinity.client;

import dev.affinity.routing.Member;
import dev.affinity.routing.Ring;
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
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The partition-aware client for callers that send with Jetty's {@link org.eclipse.jetty.client.HttpClient}:
 * the caller builds its request to the farm's logical address with that client, as it does today
 * ({@code jetty.newRequest("http://farm/shop/cart?id=42")}), and sends it through this wrapper,
 * which sends it straight to the member that owns its key, with the same ring (from a node's ring
 * endpoint, read with the JDK's client, or from Hazelcast membership), key rules, failover and ring
 * refresh as {@link AffinityHttpClient}. Build one with {@link #builder(org.eclipse.jetty.client.HttpClient, URI)}.
 * The key is read from the request's method, URI, headers and cookies, and from the cookies Jetty's
 * cookie store holds for the request's (logical) address: the wrapper keeps there the cookies every
 * answer sets, whichever member sent it, and sends them with each request, so a session goes to the
 * member in its route as with {@link AffinityHttpClient}'s cookie handler.
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
     * A builder of the wrapper of {@code jetty} (started, and stopped by its owner) for a farm one of
     * whose nodes is {@code node}: its base URL and the webapp's context path, e.g. {@code
     * http://10.0.0.1:8080/shop} (with {@link RingClientBuilder#hazelcast}, only its path is used).
     */
    public static Builder builder(org.eclipse.jetty.client.HttpClient jetty, URI node) {
        return new Builder(jetty, node);
    }

    /**
     * Sends {@code request} (built with the wrapped client, to the farm's logical address) to the
     * owner of its key and waits for the answer. A member that cannot be connected to, or answers
     * {@code 421}, is skipped for the next in rank; a request that failed once sent is sent again
     * only when its method is safe.
     */
    public ContentResponse send(Request request) throws IOException, InterruptedException, TimeoutException, ExecutionException {
        List<HttpCookie> cookies = cookiesOf(request);
        Routes.Route route = routes.route(request.getMethod(), request.getURI(), headersOf(request.getHeaders(), cookies));
        for (int index = 0; ; index++) {
            Member member = route.candidates().get(index);
            ContentResponse response;
            try {
                response = copyTo(member, request, cookies).send();
            } catch (ExecutionException e) {
                if (routes.tryNext(route, index, neverSent(e.getCause()))) {
                    continue;
                }
                throw e;
            }
            if (!routes.misdirected(route, response.getStatus(), index)) {
                keepCookies(request.getURI(), response.getHeaders());
                routes.answered(route, headersOf(response.getHeaders(), List.of()), member);
                return response;
            }
        }
    }

    /** The ring in use (read now if none was read yet). */
    Ring ring() throws IOException {
        return ring.current().ring();
    }

    /** Stops reading the ring; the wrapped client is left as it was given. */
    @Override
    public void close() {
        ring.close();
    }

    /**
     * The cookies that go with {@code request}: its own, then those Jetty's cookie store holds for its
     * address, as Jetty would send them there.
     */
    private List<HttpCookie> cookiesOf(Request request) {
        List<HttpCookie> cookies = new ArrayList<>(request.getCookies());
        cookies.addAll(jetty.getHttpCookieStore().match(request.getURI()));
        return cookies;
    }

    /** The cookies an answer sets are kept for the farm's address, whichever member sent it (Jetty keeps them for the member's too). */
    private void keepCookies(URI farm, HttpFields answer) {
        for (HttpField field : answer) {
            if (field.getHeader() == HttpHeader.SET_COOKIE) {
                jetty.putCookie(farm, field);
            }
        }
    }

    /**
     * {@code request} as sent to {@code member}: the same method, headers, body and timeouts, to the
     * member's base URL, with {@code cookies} but those Jetty's store adds itself for the member's address.
     */
    private Request copyTo(Member member, Request request, List<HttpCookie> cookies) {
        URI target = Routes.target(member, request.getURI());
        List<HttpCookie> added = jetty.getHttpCookieStore().match(target);
        Request copy = jetty.newRequest(target)
                .method(request.getMethod())
                .version(request.getVersion())
                .headers(headers -> headers.add(request.getHeaders()))
                .body(request.getBody());
        cookies.stream().filter(cookie -> added.stream().noneMatch(same -> sameNameAndValue(cookie, same))).forEach(copy::cookie);
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

    private static boolean sameNameAndValue(HttpCookie one, HttpCookie other) {
        return one.getName().equals(other.getName()) && one.getValue().equals(other.getValue());
    }

    /** {@code fields} and, as one more {@code Cookie} header, {@code cookies}. */
    private static HttpHeaders headersOf(HttpFields fields, List<HttpCookie> cookies) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (HttpField field : fields) {
            map.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(field.getValue());
        }
        if (!cookies.isEmpty()) {
            map.computeIfAbsent(HttpHeader.COOKIE.asString(), name -> new ArrayList<>())
                    .add(cookies.stream().map(cookie -> cookie.getName() + "=" + cookie.getValue()).collect(Collectors.joining("; ")));
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }

    /**
     * Builds an {@link AffinityJettyClient}; see {@link AffinityJettyClient#builder}; the farm's
     * settings are {@link RingClientBuilder}'s. The ring endpoint is read with the JDK's client.
     */
    public static final class Builder extends RingClientBuilder<Builder> {
        private final org.eclipse.jetty.client.HttpClient jetty;

        private Builder(org.eclipse.jetty.client.HttpClient jetty, URI node) {
            super(node);
            this.jetty = Objects.requireNonNull(jetty, "jetty");
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The wrapper; it reads the ring at once (if no node answers, it tries again at the first request).
         *
         * @throws IllegalStateException when the ring is read from the nodes and a strategy is given,
         *                               or from Hazelcast and seeds or ring endpoint settings are
         */
        public AffinityJettyClient build() {
            return new AffinityJettyClient(jetty, ring.follow(() -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()));
        }
    }
}
