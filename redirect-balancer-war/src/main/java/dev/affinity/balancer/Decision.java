package dev.affinity.balancer;

import dev.affinity.routing.Member;
import java.net.URI;

/** What the balancer answers a request. */
public sealed interface Decision {

    /**
     * Redirect to {@code location} on {@code member}.
     *
     * @param stick whether to set the sticky cookie to the member's name
     */
    record Redirect(String pool, Member member, URI location, boolean stick) implements Decision {
    }

    /** No member of {@code pool} is healthy: 503. */
    record Unavailable(String pool) implements Decision {
    }

    /** The request is malformed: 400 with {@code message}. */
    record Rejected(String message) implements Decision {
    }
}
