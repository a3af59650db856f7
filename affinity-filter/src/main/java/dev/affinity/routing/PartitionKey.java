package dev.affinity.routing;

/**
 * A request's partition key: the value whose hash places it, and, for session ids that end in
 * {@code .<route>}, the route of the node holding the session's live copy.
 *
 * @param value the key that is hashed (a session id without its route)
 * @param route the preferred member's name, or {@code null}
 */
public record PartitionKey(String value, String route) {

    /** A plain key with no preferred route. */
    public static PartitionKey of(String value) {
        return new PartitionKey(value, null);
    }

    /** The stable 64-bit hash of {@link #value()}. */
    public long hash() {
        return KeyHash.of(value);
    }
}
