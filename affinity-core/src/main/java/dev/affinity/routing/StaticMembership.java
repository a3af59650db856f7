package dev.affinity.routing;

import java.util.List;
import java.util.function.Consumer;

/** A member list fixed by configuration. */
public final class StaticMembership implements Membership {
    private final List<Member> members;

    public StaticMembership(List<Member> members) {
        this.members = List.copyOf(members);
    }

    @Override
    public List<Member> members() {
        return members;
    }

    @Override
    public void onChange(Consumer<List<Member>> listener) {
        // a static list never changes
    }

    @Override
    public boolean fixed() {
        return true;
    }
}
