package dev.affinity.routing;

import dev.affinity.config.Settings;

/**
 * The seam for dynamic membership: an implementation found by {@link java.util.ServiceLoader}
 * whose {@link #name()} is the value of the {@code members} setting (for example {@code hazelcast}
 * from the session-backup jar).
 */
public interface MembershipProvider {

    /** The {@code members} value that selects this provider. */
    String name();

    /** Starts following membership; {@code self} is this node, which the provider publishes. */
    Membership start(Settings settings, Member self);
}
