package dev.affinity.filter;

import java.util.Locale;

/** Why the filter answered a request itself with an error, instead of serving or relaying it. */
enum Rejection {
    /** The partition key is malformed or too long: {@code 400}. */
    BAD_KEY,
    /** No key and {@code no-key=reject}: {@code 400}. */
    NO_KEY,
    /** The request already came through this node: {@code 508}. */
    LOOP,
    /** The request target cannot be sent to a member: {@code 400}. */
    NOT_FORWARDABLE,
    /** The request is not async-supported, so it cannot be forwarded: {@code 500}. */
    NOT_ASYNC,
    /** This node is not one of the configured members: {@code 500}. */
    NOT_MEMBER,
    /** No member that can serve the request answered: {@code 502} or {@code 504}; or none is up for a gateway: {@code 503}. */
    UNREACHABLE,
    /** The client failed while its request was forwarded (its body stopped, too slow): {@code 400} or {@code 408}. */
    CLIENT_FAILED,
    /** The client already had {@code forward.max-per-client} forwards in progress: {@code 429}. */
    OVER_CLIENT_CAP;

    /** The cause as a meter's tag: {@code bad-key}, {@code over-client-cap}, ... */
    String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the status counters count it among {@code errors} (all but {@link #OVER_CLIENT_CAP}, counted apart). */
    boolean isError() {
        return this != OVER_CLIENT_CAP;
    }
}
