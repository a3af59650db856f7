package dev.affinity.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * This node's view of the farm: the members and those it routes to. Its {@code epoch} counts the
 * view's changes on this node; its {@code id} is a fingerprint of the view itself, so nodes that
 * place keys alike show the same id (the status shows both, and responses say which view placed
 * them). Follows membership and health changes.
 */
public final class RoutingView {
    private final Membership membership;
    private final HealthView health;
    private volatile View current;

    /**
     * One view.
     *
     * @param epoch how many times this node's view changed since it started, from 1
     * @param id 8 hex digits fingerprinting the members (name, URL, weight) and their state (down,
     *           draining or up): whether a member that is down had said it drains is not part of it,
     *           as it places no key either way and only the nodes that heard it know
     * @param routable the names of the members that get new keys (healthy, not draining), in member order
     */
    public record View(long epoch, String id, List<String> routable) {
        /** The value of the {@code X-Affinity-Epoch} header: {@code <epoch>;view=<id>}. */
        public String header() {
            return epoch + ";view=" + id;
        }
    }

    public RoutingView(Membership membership, HealthView health) {
        this.membership = membership;
        this.health = health;
        this.current = new View(1, fingerprint(membership.members()), routable(membership.members()));
    }

    /** The view now. */
    public View current() {
        return current;
    }

    /** Looks at membership and health again; a different view gets the next epoch. */
    public synchronized void refresh() {
        List<Member> members = membership.members();
        String id = fingerprint(members);
        if (!id.equals(current.id())) {
            current = new View(current.epoch() + 1, id, routable(members));
        }
    }

    private List<String> routable(List<Member> members) {
        List<String> names = new ArrayList<>();
        for (Member member : members) {
            if (health.isHealthy(member) && !health.isDraining(member)) {
                names.add(member.name());
            }
        }
        return List.copyOf(names);
    }

    private String fingerprint(List<Member> members) {
        StringBuilder text = new StringBuilder();
        members.stream().sorted(Comparator.comparing(Member::name)).forEach(m -> text.append(m.name()).append(' ')
                .append(m.baseUrl()).append(' ').append(m.weight()).append(' ').append(health.state(m)).append('\n'));
        String hex = Long.toHexString(KeyHash.of(text.toString()) >>> 32);
        return "0".repeat(8 - hex.length()) + hex;
    }
}
