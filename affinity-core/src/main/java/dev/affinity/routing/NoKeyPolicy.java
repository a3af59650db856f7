package dev.affinity.routing;

/** What to do with a request that carries no partition key. */
public enum NoKeyPolicy {
    /** Serve it on the node that received it. */
    LOCAL,
    /** Answer 400. */
    REJECT
}
