package dev.affinity.routing;

import dev.affinity.config.ConfigException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds which member is this node. With {@code self} set, it must name a member (by name or base
 * URL). Without it, the members whose host is an address of this machine are the candidates; one
 * candidate is this node; several (a farm on one host) are told apart by the port the container
 * listens on, known when the first request arrives.
 */
public final class SelfResolver {
    private final List<Member> members;
    private final List<Member> candidates;

    private SelfResolver(List<Member> members, List<Member> candidates) {
        this.members = members;
        this.candidates = candidates;
    }

    /** Resolves {@code self} at start-up, or narrows the candidates when it is absent. */
    public static SelfResolver of(List<Member> members, Optional<String> self) {
        if (self.isPresent()) {
            Member found = byNameOrUrl(members, self.get());
            return new SelfResolver(members, List.of(found));
        }
        Set<InetAddress> local = localAddresses();
        List<Member> candidates = members.stream().filter(m -> isLocal(m, local)).collect(Collectors.toList());
        if (candidates.isEmpty()) {
            throw new ConfigException("affinity setting 'self' is not set and no member's host is an address of this machine "
                    + "(members: " + members + ", local addresses: " + local + "): set self to this node's name or base URL");
        }
        return new SelfResolver(members, List.copyOf(candidates));
    }

    /** For a node that is none of the members (a gateway): no candidate, never resolved. */
    public static SelfResolver none(List<Member> members) {
        return new SelfResolver(members, List.of());
    }

    /** This node, if known without a port. */
    public Optional<Member> resolved() {
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    /** This node, told apart by the local port the container received a request on. */
    public Member byLocalPort(int port) {
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        return candidates.stream().filter(m -> m.baseUrl().getPort() == port).findFirst()
                .orElseThrow(() -> new ConfigException("affinity setting 'self' is not set and none of the local members "
                        + candidates + " listens on port " + port + ": set self to this node's name or base URL"));
    }

    /** The members that may be this node: one once known, the local members otherwise. */
    public List<Member> candidates() {
        return candidates;
    }

    /** The members considered. */
    public List<Member> members() {
        return members;
    }

    private static Member byNameOrUrl(List<Member> members, String self) {
        String url = self.endsWith("/") ? self.substring(0, self.length() - 1) : self;
        return members.stream()
                .filter(m -> m.name().equals(self) || m.baseUrl().toString().equalsIgnoreCase(url))
                .findFirst()
                .orElseThrow(() -> ConfigException.invalid("self", self,
                        "the name or base URL of one of the members " + members));
    }

    private static boolean isLocal(Member member, Set<InetAddress> local) {
        try {
            for (InetAddress address : InetAddress.getAllByName(member.baseUrl().getHost())) {
                if (local.contains(address)) {
                    return true;
                }
            }
            return false;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Set<InetAddress> localAddresses() {
        Set<InetAddress> addresses = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                addresses.addAll(Collections.list(nic.getInetAddresses()));
            }
        } catch (SocketException e) {
            throw new ConfigException("affinity setting 'self' is not set and this machine's addresses cannot be listed ("
                    + e.getMessage() + "): set self to this node's name or base URL", e);
        }
        return addresses;
    }
}
