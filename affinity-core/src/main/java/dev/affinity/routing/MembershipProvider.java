package dev.affinity.routing;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import java.util.HashSet;
import java.util.ServiceLoader;
import java.util.Set;

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

    /**
     * Starts following membership from outside the farm, without being one of its members (the
     * redirect balancer).
     *
     * @throws ConfigException when this provider cannot be followed so, or a setting it reads is bad
     */
    default Membership follow(Settings settings) {
        throw ConfigException.invalid("members", name(), "member base URLs: the membership provider " + name()
                + " cannot be followed from outside the farm");
    }

    /** Whether the {@code members} setting {@code members} names a provider rather than listing base URLs. */
    static boolean isName(String members) {
        return members.matches("[a-z][a-z0-9-]*");
    }

    /**
     * The provider named {@code name} on this class loader's class path.
     *
     * @throws ConfigException naming {@code members} and the providers found, when none has that name
     */
    static MembershipProvider named(String name) {
        Set<String> known = new HashSet<>();
        for (MembershipProvider provider : ServiceLoader.load(MembershipProvider.class, MembershipProvider.class.getClassLoader())) {
            if (provider.name().equals(name)) {
                return provider;
            }
            known.add(provider.name());
        }
        throw ConfigException.invalid("members", name, "member base URLs such as http://10.0.0.1:8080"
                + (known.isEmpty() ? "" : ", or one of the membership providers " + known)
                + (name.equals("hazelcast") ? " (members=hazelcast needs the session-backup jar)" : ""));
    }
}
