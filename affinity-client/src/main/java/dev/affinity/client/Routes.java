package dev.affinity.client;

import dev.affinity.routing.InvalidKeyException;
import dev.affinity.routing.Member;
import dev.affinity.routing.PartitionKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Set;

/**
 * What the farm's clients share, whichever HTTP client sends: the members to try for a request,
 * best first, by the ring in use; whether a failed or refused attempt goes to the next one; and
 * what an answer tells of the ring.
 */
final class Routes {
    /** The response header naming the member that served a request (nodes with {@code expose-node=true}). */
    static final String NODE_HEADER = "X-Affinity-Node";
    /** The response header carrying the view that placed a request: {@code <epoch>;view=<id>}. */
    static final String EPOCH_HEADER = "X-Affinity-Epoch";
    /** {@code 421 Misdirected Request}: the member says it does not serve this request; it did not process it. */
    static final int NOT_HERE = 421;
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final RingFollower ring;

    Routes(RingFollower ring) {
        this.ring = ring;
    }

    /** A request's method, the ring it is placed by, and the members to try, best first. */
    record Route(String method, Placing placing, List<Member> candidates) {
    }

    /** The route of a {@code method} request to {@code uri} (the farm's logical address) with {@code headers}. */
    Route route(String method, URI uri, HttpHeaders headers) throws IOException {
        Placing placing = ring.current();
        PartitionKey key;
        try {
            key = placing.key(RequestView.of(method, uri, headers, placing.ring().contextPath()));
        } catch (InvalidKeyException e) {
            key = null;
        }
        return new Route(method, placing, placing.candidates(key));
    }

    /**
     * Whether the request that failed at candidate {@code index} goes to the next one: when it was
     * never sent (no connection: the member is then skipped a while), or when its method is safe.
     */
    boolean tryNext(Route route, int index, boolean neverSent) {
        if (neverSent) {
            ring.unreachable(route.candidates().get(index));
        }
        return (neverSent || SAFE_METHODS.contains(route.method())) && index + 1 < route.candidates().size();
    }

    /** Whether an answer with {@code status} from candidate {@code index} is a {@code 421} with another candidate left: the ring is then read again. */
    boolean misdirected(Route route, int status, int index) {
        if (status == NOT_HERE && index + 1 < route.candidates().size()) {
            ring.refreshSoon();
            return true;
        }
        return false;
    }

    /** An answer came from {@code member}: the ring is read again when it shows it changed (another member served it, or another view placed it). */
    void answered(Route route, HttpHeaders headers, Member member) {
        String node = headers.firstValue(NODE_HEADER).orElse(null);
        String epoch = headers.firstValue(EPOCH_HEADER).orElse(null);
        if ((node != null && !node.equals(member.name())) || (epoch != null && !epoch.endsWith(";view=" + route.placing().ring().viewId()))) {
            ring.refreshSoon();
        }
    }

    /** {@code uri} sent to {@code member}: its base URL, then the request's path and query. */
    static URI target(Member member, URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return URI.create(member.baseUrl() + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }
}
