package dev.affinity.session;

/** When a request's changes reach the backup. */
public enum WriteMode {
    /** Queued after the request; never blocks it. */
    ASYNC,
    /** Written and acknowledged before the filter returns, so before the response completes. */
    SYNC
}
