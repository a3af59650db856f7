package dev.affinity.balancer;

import java.util.OptionalLong;

/**
 * What a node said of itself when the dashboard asked: its state from its health check, its
 * affinity filter's counters and its session count, each absent when the node did not answer it.
 *
 * @param state {@code serving} (health {@code 200}), {@code draining} (health {@code 503} with a body
 *              starting {@code draining}), {@code down} (any other answer) or {@code unreachable}
 * @param local requests it served itself, in total
 * @param forwarded requests it forwarded to their owner, in total
 * @param failedOver requests it sent to a member after their owner, in total
 * @param sessions sessions whose live copy it holds
 */
record NodeReport(String state, OptionalLong local, OptionalLong forwarded, OptionalLong failedOver, OptionalLong sessions) {
    /** The state of a node that answers its health check with {@code 200}. */
    static final String SERVING = "serving";
    /** The state of a node that is being drained. */
    static final String DRAINING = "draining";
}
