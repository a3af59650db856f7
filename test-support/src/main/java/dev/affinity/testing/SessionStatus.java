package dev.affinity.testing;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads a node's session status ({@code /affinity/session-status}) as the tests wait on it. */
public final class SessionStatus {
    private SessionStatus() {
    }

    /**
     * Whether {@code status} shows a Hazelcast cluster of exactly {@code members} members with every
     * partition's backup replica in place: a sync change made before that waits for its replica, and
     * is answered {@code 503} if it does not come within {@code write-timeout}.
     */
    public static boolean safeWith(JsonNode status, int members) {
        return status.path("clusterSize").asInt() == members && status.path("clusterSafe").asBoolean();
    }
}
