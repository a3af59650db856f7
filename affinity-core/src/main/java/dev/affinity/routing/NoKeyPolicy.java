package dev.affinity.routing;

import java.util.EnumSet;

/**
 * What to do with a request that carries no partition key (the {@code no-key} setting). A value
 * means the same wherever it is accepted: a member of the farm serves such a request or rejects it;
 * a router that serves nothing itself (the redirect balancer, a gateway) picks a member or rejects it.
 */
public enum NoKeyPolicy {
    /** Serve it on the node that received it. */
    LOCAL,
    /** Send it to the healthy members in turn. */
    ROUND_ROBIN,
    /** Send it to the healthy member chosen longest ago. */
    LEAST_RECENT,
    /** Answer {@code 400} with {@link #REJECTED}. */
    REJECT;

    /** What a member of the farm accepts: {@code local} (the default) or {@code reject}. */
    public static final EnumSet<NoKeyPolicy> FOR_MEMBERS = EnumSet.of(LOCAL, REJECT);
    /** What a router that serves nothing itself accepts: {@code round-robin} (the default), {@code least-recent} or {@code reject}. */
    public static final EnumSet<NoKeyPolicy> FOR_ROUTERS = EnumSet.of(ROUND_ROBIN, LEAST_RECENT, REJECT);
    /** The body of the {@code 400} that {@link #REJECT} answers. */
    public static final String REJECTED = "affinity: the request has no partition key";
}
