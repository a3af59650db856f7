package dev.affinity.session;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import dev.affinity.routing.Member;
import dev.affinity.routing.MemberListParser;
import dev.affinity.routing.SelfResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * This node as the session filter knows it, from {@code self} and a static {@code members} list,
 * resolved exactly as the routing core resolves it: by name or base URL, or from this machine's
 * addresses; when several members of the list are on this machine and {@code self} is left out,
 * from the local port of the first request, as the affinity filter does. Its route names the
 * node in session ids.
 */
final class NodeSelf {
    private final List<Member> members;
    private final SelfResolver resolver;
    private final Optional<Member> fromSettings;
    private volatile String route;

    private NodeSelf(List<Member> members, SelfResolver resolver, Optional<Member> fromSettings, String route) {
        this.members = members;
        this.resolver = resolver;
        this.fromSettings = fromSettings;
        this.route = route;
    }

    /** Reads {@code self} and {@code members}. */
    static NodeSelf from(Settings s) {
        Optional<String> memberList = s.raw("members").filter(m -> m.contains("://"));
        if (memberList.isPresent()) {
            List<Member> members = new MemberListParser("members").parseList(memberList.get());
            SelfResolver resolver = SelfResolver.of(members, s.raw("self"));
            Optional<Member> resolved = resolver.resolved();
            return new NodeSelf(members, resolver, resolved, resolved.map(Member::name).orElse(null));
        }
        String self = s.required("self", "this node's route name (letters, digits, '-' or '_'), or its base URL "
                + "optionally followed by ;name=NAME, as in the routing settings");
        if (self.contains("://")) {
            Member member = new MemberListParser("self").parse(self);
            return new NodeSelf(List.of(), null, Optional.of(member), member.name());
        }
        if (!MemberListParser.NAME.matcher(self).matches()) {
            throw ConfigException.invalid("self", self, "a route name of 1 to 64 letters, digits, '-' or '_', or a base URL");
        }
        return new NodeSelf(List.of(), null, Optional.empty(), self);
    }

    /** This node's route, once known. */
    Optional<String> route() {
        return Optional.ofNullable(route);
    }

    /**
     * This node's route, resolved now from the port a request arrived on if it is not known yet.
     *
     * @throws ConfigException when no member of the list on this machine listens on {@code localPort}
     */
    String resolve(int localPort) {
        String known = route;
        if (known == null) {
            known = resolver.byLocalPort(localPort).name();
            route = known;
        }
        return known;
    }

    /** This node's entry in the routing member list, when {@code self} or the list names it (published for {@code members=hazelcast}). */
    Optional<String> memberEntry() {
        return fromSettings.map(SharedHazelcast::memberEntry);
    }

    /** The static member list, empty when there is none. */
    List<Member> members() {
        return members;
    }

    /**
     * The host this node serves on: its member's, or, while several members of the list are on this
     * machine, their host if they share one; empty when {@code self} is a bare name and no list tells.
     */
    Optional<String> host() {
        if (fromSettings.isPresent()) {
            return Optional.of(fromSettings.get().baseUrl().getHost());
        }
        Set<String> local = new LinkedHashSet<>();
        for (Member member : members) {
            String host = member.baseUrl().getHost();
            if (isLocal(host)) {
                local.add(host);
            }
        }
        return local.size() == 1 ? Optional.of(local.iterator().next()) : Optional.empty();
    }

    private static boolean isLocal(String host) {
        try {
            return NetworkInterface.getByInetAddress(InetAddress.getByName(host)) != null;
        } catch (UnknownHostException e) {
            return false;
        } catch (IOException e) {
            throw new ConfigException("affinity setting 'self' is not set and this machine's addresses cannot be listed ("
                    + e.getMessage() + "): set self to this node's name or base URL", e);
        }
    }
}
