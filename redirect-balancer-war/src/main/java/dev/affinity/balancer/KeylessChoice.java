package dev.affinity.balancer;

/** What a request without a key gets: a member of its pool picked without hashing, or a 400. */
enum KeylessChoice {
    /** The healthy members in turn. */
    ROUND_ROBIN,
    /** The healthy member chosen longest ago. */
    LEAST_RECENT,
    /** Answer 400. */
    REJECT
}
