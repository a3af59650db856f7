package dev.affinity.session;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import dev.affinity.routing.Member;
import dev.affinity.routing.MemberListParser;
import dev.affinity.routing.SelfResolver;
import dev.affinity.session.serialization.Codec;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The settings of {@link SessionBackupFilter}, read and checked at start-up. */
record SessionSettings(
        String route,
        Optional<String> selfEntry,
        String cookie,
        WriteMode writeMode,
        int writeQueue,
        Duration writeTimeout,
        Duration readTimeout,
        Duration retryBackoff,
        Duration retryBackoffMax,
        DirtyPolicy dirtyPolicy,
        Optional<Integer> maxInactiveSeconds,
        Duration expiryInterval,
        Codec codec,
        String allow,
        List<String> listeners,
        boolean statusEnabled,
        String statusPath,
        ApplyMode apply,
        HazelcastSettings hazelcast) {

    /** The default {@code serialization.allow} patterns: JDK value and collection types. */
    static final String DEFAULT_ALLOW = "java.lang.*;java.util.*;java.time.*;java.math.*;java.net.URI";

    /** Every setting name this filter accepts. */
    static final Set<String> NAMES;

    static {
        Set<String> names = new HashSet<>(Set.of("self", "members", "session.cookie", "write-mode", "write-queue",
                "write-timeout", "read-timeout", "retry.backoff", "retry.backoff-max", "dirty-policy", "max-inactive",
                "expiry.interval", "serialization", "serialization.allow", "listeners", "status.enabled", "status.path",
                "hazelcast.apply"));
        names.addAll(HazelcastSettings.NAMES);
        NAMES = Set.copyOf(names);
    }

    /**
     * This node as a member: resolved against a static {@code members} list as the routing core does
     * (by name or base URL, or auto-detected from local addresses), or parsed from a base URL in
     * {@code self}; {@code null} when {@code self} is a bare route name.
     */
    private static Member self(Settings s) {
        Optional<String> members = s.raw("members");
        if (members.isPresent() && members.get().contains("://")) {
            List<Member> list = new MemberListParser("members").parseList(members.get());
            return SelfResolver.of(list, s.raw("self")).resolved().orElseThrow(() -> new ConfigException(
                    "affinity setting 'self' is not set and several members are addresses of this machine: "
                            + "set self to this node's name or base URL"));
        }
        String self = s.required("self", "this node's route name (letters, digits, '-' or '_'), or its base URL "
                + "optionally followed by ;name=NAME, as in the routing settings");
        if (self.contains("://")) {
            return new MemberListParser("self").parse(self);
        }
        if (!MemberListParser.NAME.matcher(self).matches()) {
            throw ConfigException.invalid("self", self, "a route name of 1 to 64 letters, digits, '-' or '_', or a base URL");
        }
        return null;
    }

    static SessionSettings from(Settings s) {
        Member self = self(s);
        String route = self == null ? s.raw("self").orElseThrow() : self.name();
        Optional<String> selfEntry = self == null ? Optional.empty() : Optional.of(SharedHazelcast.memberEntry(self));
        String cookie = s.string("session.cookie", "JSESSIONID");
        if (!cookie.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw ConfigException.invalid("session.cookie", cookie, "a cookie name of letters, digits, '_', '.' or '-'");
        }
        Optional<Integer> maxInactive = s.raw("max-inactive").isPresent()
                ? Optional.of((int) s.duration("max-inactive", Duration.ZERO, Duration.ofSeconds(1)).toSeconds())
                : Optional.empty();
        String statusPath = s.string("status.path", "/affinity/session-status");
        if (!statusPath.matches("/[A-Za-z0-9_./-]{0,200}")) {
            throw ConfigException.invalid("status.path", statusPath, "a path starting with '/'");
        }
        List<String> listeners = Arrays.stream(s.string("listeners", "").split(","))
                .map(String::trim).filter(n -> !n.isEmpty()).toList();
        return new SessionSettings(route, selfEntry, cookie,
                s.choice("write-mode", WriteMode.class, WriteMode.ASYNC),
                s.integer("write-queue", 10_000, 1, 10_000_000),
                s.duration("write-timeout", Duration.ofSeconds(2), Duration.ofMillis(10)),
                s.duration("read-timeout", Duration.ofSeconds(2), Duration.ofMillis(10)),
                s.duration("retry.backoff", Duration.ofMillis(200), Duration.ofMillis(10)),
                s.duration("retry.backoff-max", Duration.ofSeconds(10), Duration.ofMillis(10)),
                s.choice("dirty-policy", DirtyPolicy.class, DirtyPolicy.READ_CHANGED),
                maxInactive,
                s.duration("expiry.interval", Duration.ofSeconds(10), Duration.ofMillis(50)),
                s.choice("serialization", Codec.class, Codec.JAVA),
                s.string("serialization.allow", DEFAULT_ALLOW),
                listeners,
                s.bool("status.enabled", false),
                statusPath,
                s.choice("hazelcast.apply", ApplyMode.class, ApplyMode.ENTRY_PROCESSOR),
                HazelcastSettings.from(s));
    }
}
