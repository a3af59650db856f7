package dev.affinity.filter;

import dev.affinity.routing.Member;
import dev.affinity.routing.PartitionKey;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/** What the affinity filter does with one request, decided once: serve it here, forward it, or refuse it. */
sealed interface Dispatch {

    /** Serve {@code request} (the client's, or the same without an invalid mark) down the chain here. */
    record Local(HttpServletRequest request) implements Dispatch {
    }

    /**
     * Forward to {@code candidates}, in order, while failing over is allowed.
     *
     * @param key the request's key
     * @param target the request's path and query, which the members are sent
     * @param candidates the members to try, best first; never empty
     */
    record Forward(PartitionKey key, String target, List<Member> candidates) implements Dispatch {
    }

    /** Answer {@code status} with the one-line {@code message}, counted as {@code cause}. */
    record Reject(Rejection cause, int status, String message) implements Dispatch {
    }
}
