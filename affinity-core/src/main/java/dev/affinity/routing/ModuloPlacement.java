package dev.affinity.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code hash % n}, the seeds' placement, kept only so its cost can be measured against the
 * others: a change of membership moves most keys. Weights are ignored. The unsigned remainder of
 * a 64-bit hash is used, so the index is never negative.
 */
public final class ModuloPlacement implements Placement {
    private final List<Member> members;

    public ModuloPlacement(List<Member> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no members");
        }
        this.members = List.copyOf(members);
    }

    @Override
    public Member owner(long keyHash) {
        return members.get(index(keyHash));
    }

    @Override
    public List<Member> rank(long keyHash) {
        int first = index(keyHash);
        List<Member> ranked = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            ranked.add(members.get((first + i) % members.size()));
        }
        return ranked;
    }

    @Override
    public List<Member> members() {
        return members;
    }

    private int index(long keyHash) {
        return (int) Long.remainderUnsigned(keyHash, members.size());
    }
}
