package dev.affinity.routing;

import java.util.Objects;

/**
 * A request's partition key: the value whose hash places it, and, for session ids that end in
 * {@code .<route>}, the route of the node holding the session's live copy. The hash is computed
 * on first use and kept, as {@link String#hashCode()} keeps its own: routing, failover and the
 * forwarding mark all ask for it ({@code hashed} is written after {@code hash}, so a thread that sees
 * it set sees the hash).
 */
public final class PartitionKey {
    private final String value;
    private final String route;
    private long hash;
    private volatile boolean hashed;

    /**
     * @param value the key that is hashed (a session id without its route)
     * @param route the preferred member's name, or {@code null}
     */
    public PartitionKey(String value, String route) {
        this.value = Objects.requireNonNull(value, "value");
        this.route = route;
    }

    /** A plain key with no preferred route. */
    public static PartitionKey of(String value) {
        return new PartitionKey(value, null);
    }

    /** The key that is hashed. */
    public String value() {
        return value;
    }

    /** The preferred member's name, or {@code null}. */
    public String route() {
        return route;
    }

    /** The stable 64-bit hash of {@link #value()}. */
    public long hash() {
        if (!hashed) {
            hash = KeyHash.of(value);
            hashed = true;
        }
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PartitionKey k && value.equals(k.value) && Objects.equals(route, k.route);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, route);
    }

    @Override
    public String toString() {
        return route == null ? value : value + "." + route;
    }
}
