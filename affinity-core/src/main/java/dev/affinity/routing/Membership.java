package dev.affinity.routing;

import java.util.List;
import java.util.function.Consumer;

/**
 * The current members of the farm. Static lists never change; dynamic ones (Hazelcast, provided
 * through {@link MembershipProvider}) call their listeners with the new list on every change.
 */
public interface Membership extends AutoCloseable {

    /** The members now. */
    List<Member> members();

    /** Calls {@code listener} with the whole new list whenever membership changes. */
    void onChange(Consumer<List<Member>> listener);

    /** Whether the members never change (a list fixed by configuration). */
    default boolean fixed() {
        return false;
    }

    /** Stops following membership. */
    @Override
    default void close() {
    }
}
