package dev.affinity.filter;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import dev.affinity.routing.KeylessPicker;
import dev.affinity.routing.Member;
import dev.affinity.routing.MemberListParser;
import dev.affinity.routing.NoKeyPolicy;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Routing;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A node in gateway mode ({@code gateway=true}): none of the members, it serves nothing itself and
 * forwards every request, signed as a member signs, to the member that owns its key (failing over
 * by rank as a member does). A request without a key goes to the member {@code no-key} picks
 * ({@code round-robin}, {@code least-recent}) or is refused ({@code reject}). Its name, which signs
 * its marks and its {@code Via} entry, is {@code self} ({@value #DEFAULT_NAME} by default) and must
 * differ from every member's.
 */
final class Gateway {
    /** The gateway's name when {@code self} is not set. */
    static final String DEFAULT_NAME = "gateway";
    /** The key a request without one is forwarded under: no member finds it, so the mark is never honoured for it. */
    static final PartitionKey NO_KEY = PartitionKey.of("");

    private final Member self;
    private final Routing routing;
    private final KeylessPicker keyless;

    private Gateway(Member self, Routing routing, KeylessPicker keyless) {
        this.self = self;
        this.routing = routing;
        this.keyless = keyless;
    }

    /** The gateway of {@code routing}, named by {@code self}. */
    static Gateway start(Settings settings, Routing routing) {
        String name = settings.raw("self").orElse(DEFAULT_NAME);
        if (!MemberListParser.NAME.matcher(name).matches()) {
            throw ConfigException.invalid("self", name, "with gateway=true, this gateway's name: 1 to 64 letters, digits, '-' or '_'");
        }
        List<Member> members = routing.membership().members();
        if (members.stream().anyMatch(m -> m.name().equals(name))) {
            throw ConfigException.invalid("self", name, "with gateway=true, a name that is none of the members' " + members
                    + " (a gateway is not a member)");
        }
        NoKeyPolicy policy = routing.noKey();
        KeylessPicker keyless = policy == NoKeyPolicy.REJECT ? null : new KeylessPicker(members, routing.health(), policy);
        return new Gateway(new Member(name, URI.create("gateway:" + name), 1), routing, keyless);
    }

    /** The gateway as the node that forwards: its name signs marks and names it in {@code Via}. */
    Member self() {
        return self;
    }

    /** Whether requests without a key are refused. */
    boolean rejectsKeyless() {
        return keyless == null;
    }

    /** The members a request without a key tries: the picked one, then the other healthy members; empty when none is healthy. */
    List<Member> keylessCandidates() {
        Member first = keyless.pick();
        List<Member> candidates = new ArrayList<>();
        if (first != null) {
            candidates.add(first);
            for (Member member : routing.membership().members()) {
                if (member != first && routing.health().isHealthy(member)) {
                    candidates.add(member);
                }
            }
        }
        return candidates;
    }
}
