package dev.affinity.balancer;

import dev.affinity.routing.Member;

/** What the balancer answers a request. */
public sealed interface Decision {

    /**
     * Redirect to {@code location} on {@code member}.
     *
     * @param pool the pool the rules chose
     * @param member the chosen member
     * @param location the {@code Location}: the member's base URL, the request's path and query
     * @param stick whether to set the sticky cookie to the member's name
     */
    record Redirect(String pool, Member member, String location, boolean stick) implements Decision {
    }

    /** No member of {@code pool} is healthy: 503. */
    record Unavailable(String pool) implements Decision {
    }

    /** The request is malformed: 400 with {@code message}. */
    record Rejected(String message) implements Decision {
    }
}
