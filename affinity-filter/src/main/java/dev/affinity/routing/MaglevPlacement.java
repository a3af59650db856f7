package dev.affinity.routing;

import java.util.Arrays;
import java.util.List;

/**
 * Maglev hashing (Eisenbud et al., NSDI 2016): a lookup table whose size is the smallest prime of
 * at least 100 entries per member, filled by each member's permutation in turn, so a lookup is one
 * array read. Weights set how many entries a member claims per round. The failover order after the
 * table's owner is the key's rendezvous ranking.
 */
public final class MaglevPlacement implements Placement {
    private final List<Member> members;
    private final Member[] table;
    private final RendezvousPlacement fallback;

    public MaglevPlacement(List<Member> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no members");
        }
        this.members = List.copyOf(members);
        this.table = populate(this.members, tableSize(members.size()));
        this.fallback = new RendezvousPlacement(members);
    }

    /** The smallest prime of at least {@code 100 * memberCount}. */
    static int tableSize(int memberCount) {
        int candidate = Math.max(101, 100 * memberCount);
        while (!isPrime(candidate)) {
            candidate++;
        }
        return candidate;
    }

    @Override
    public Member owner(long keyHash) {
        return table[(int) Long.remainderUnsigned(KeyHash.mix(keyHash), table.length)];
    }

    @Override
    public List<Member> rank(long keyHash) {
        return fallback.rankExcluding(keyHash, owner(keyHash));
    }

    @Override
    public List<Member> members() {
        return members;
    }

    /** How many table entries each member owns, in member order. */
    int[] entriesPerMember() {
        int[] counts = new int[members.size()];
        for (Member m : table) {
            counts[members.indexOf(m)]++;
        }
        return counts;
    }

    private static Member[] populate(List<Member> members, int size) {
        int n = members.size();
        long[] offset = new long[n];
        long[] skip = new long[n];
        long[] next = new long[n];
        double[] credit = new double[n];
        double maxWeight = members.stream().mapToDouble(Member::weight).max().orElse(1);
        for (int i = 0; i < n; i++) {
            long seed = members.get(i).seed();
            offset[i] = Long.remainderUnsigned(KeyHash.mix(seed ^ 0x5DEECE66DL), size);
            skip[i] = Long.remainderUnsigned(KeyHash.mix(seed ^ 0xB5297A4DL), size - 1) + 1;
        }
        Member[] entries = new Member[size];
        int filled = 0;
        while (filled < size) {
            for (int i = 0; i < n && filled < size; i++) {
                credit[i] += members.get(i).weight() / maxWeight;
                while (credit[i] >= 1 && filled < size) {
                    int slot;
                    do {
                        slot = (int) ((offset[i] + next[i] * skip[i]) % size);
                        next[i]++;
                    } while (entries[slot] != null);
                    entries[slot] = members.get(i);
                    filled++;
                    credit[i] -= 1;
                }
            }
        }
        return entries;
    }

    private static boolean isPrime(int value) {
        if (value % 2 == 0) {
            return value == 2;
        }
        for (int d = 3; (long) d * d <= value; d += 2) {
            if (value % d == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "maglev" + Arrays.toString(new int[] {table.length});
    }
}
