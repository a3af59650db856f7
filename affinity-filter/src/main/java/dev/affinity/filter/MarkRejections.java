package dev.affinity.filter;

import dev.affinity.logging.Log;
import dev.affinity.logging.LogLimiter;
import dev.affinity.routing.Member;
import dev.affinity.routing.Membership;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Forwarding marks that failed verification on requests from a configured member's address (a
 * member with another secret, a skewed clock or other key settings): counted per member and
 * reason for the status, and logged at most once a minute per member and reason. Marks from other
 * addresses (clients) are only logged at debug level.
 */
final class MarkRejections {
    private static final Log LOG = Log.of(MarkRejections.class);

    private final Membership membership;
    private final LogLimiter limiter = new LogLimiter(60_000, System::currentTimeMillis);
    private final Map<String, Map<String, LongAdder>> counts = new ConcurrentHashMap<>();
    private volatile AddressBook addresses;

    MarkRejections(Membership membership) {
        this.membership = membership;
    }

    /**
     * A mark failed verification with {@code check} on a request from {@code remoteAddress}, or (a
     * {@code VALID} check) held but named an origin this node does not list: counted under that
     * origin, since only a holder of the secret could sign it.
     */
    void rejected(String remoteAddress, ForwardingMark.Check check) {
        String member = check.outcome() == ForwardingMark.Outcome.VALID ? check.origin() : memberAt(remoteAddress, check.origin());
        if (member == null) {
            LOG.debug("affinity: ignoring a mark from {}, not a member's address: {}", remoteAddress, check.outcome());
            return;
        }
        String reason = reason(check.outcome());
        LongAdder count = counts.computeIfAbsent(member, m -> new ConcurrentHashMap<>()).computeIfAbsent(reason, r -> new LongAdder());
        count.increment();
        if (limiter.allow(member + " " + reason)) {
            LOG.warn("affinity: marks rejected from {} ({}): {} ({} so far); {}", member, remoteAddress, reason, count.sum(), advice(check.outcome()));
        }
    }

    /** The rejections so far: member, then reason, then count. */
    Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> view = new TreeMap<>();
        counts.forEach((member, reasons) -> {
            Map<String, Long> byReason = new TreeMap<>();
            reasons.forEach((reason, count) -> byReason.put(reason, count.sum()));
            view.put(member, byReason);
        });
        return view;
    }

    private static String reason(ForwardingMark.Outcome outcome) {
        return switch (outcome) {
            case CLOCK_SKEW -> "clock skew";
            case OTHER_REQUEST -> "another key";
            case MALFORMED -> "malformed";
            case VALID -> "not one of this node's members";
            default -> "secret mismatch";
        };
    }

    private static String advice(ForwardingMark.Outcome outcome) {
        return switch (outcome) {
            case CLOCK_SKEW -> "keep the nodes' clocks in sync (NTP) or raise 'forward.max-skew'";
            case OTHER_REQUEST -> "check that every node has the same 'key' and 'session.cookie' settings";
            case MALFORMED -> "check that every node runs the same version of the affinity filter";
            case VALID -> "check that every node has the same 'members' (expected while a new member list is rolled out node by node)";
            default -> "check that every node has the same 'secret' (or a request was altered on its way)";
        };
    }

    /** The member at {@code address}: the one the mark names when it is there, else the first there; {@code null} if none. */
    private String memberAt(String address, String claimed) {
        List<String> there = book().byAddress.getOrDefault(address, List.of());
        if (there.isEmpty()) {
            return null;
        }
        return claimed != null && there.contains(claimed) ? claimed : there.get(0);
    }

    private AddressBook book() {
        List<Member> members = membership.members();
        AddressBook book = addresses;
        if (book == null || book.members != members) {
            book = new AddressBook(members);
            addresses = book;
        }
        return book;
    }

    /** The members' names by the addresses their hosts resolve to, for one member list. */
    private static final class AddressBook {
        final List<Member> members;
        final Map<String, List<String>> byAddress = new HashMap<>();

        AddressBook(List<Member> members) {
            this.members = members;
            for (Member member : members) {
                try {
                    for (InetAddress address : InetAddress.getAllByName(member.baseUrl().getHost())) {
                        byAddress.computeIfAbsent(address.getHostAddress(), a -> new ArrayList<>()).add(member.name());
                    }
                } catch (UnknownHostException e) {
                    LOG.debug("affinity: cannot resolve {}", member, e);
                }
            }
        }
    }
}
