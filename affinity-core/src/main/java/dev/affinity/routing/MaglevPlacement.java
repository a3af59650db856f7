package dev.affinity.routing;

import java.util.List;

/**
 * Maglev hashing (Eisenbud et al., NSDI 2016): a lookup table filled by each member's permutation
 * in turn, so a lookup is one array read. The table size is the smallest prime of at least 2^20 and
 * of 100 entries per member. It does not change with membership below 10 486 members, because a
 * new size would move almost every key, and it is that large because Maglev's fill cascade moves
 * more than a leaver's own keys in smaller tables (1.24 times as many at 50 members in a table of
 * 65 537). The table holds member indexes as {@code char}s (2 MiB). Weights set how many entries a
 * member claims per round. The failover order after the table's owner is the key's rendezvous ranking.
 */
public final class MaglevPlacement implements Placement {
    private static final int MIN_TABLE_SIZE = 1 << 20;
    private static final int MAX_MEMBERS = Character.MAX_VALUE;

    private final List<Member> members;
    private final Member[] byIndex;
    private final char[] table;
    private final RendezvousPlacement fallback;

    public MaglevPlacement(List<Member> members) {
        if (members.isEmpty() || members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("maglev needs 1 to " + MAX_MEMBERS + " members, not " + members.size());
        }
        this.members = List.copyOf(members);
        this.byIndex = members.toArray(Member[]::new);
        this.table = populate(byIndex, tableSize(members.size()));
        this.fallback = new RendezvousPlacement(members);
    }

    /** The table size for {@code memberCount} members. */
    static int tableSize(int memberCount) {
        int candidate = Math.max(MIN_TABLE_SIZE, 100 * memberCount);
        while (!isPrime(candidate)) {
            candidate++;
        }
        return candidate;
    }

    @Override
    public Member owner(long keyHash) {
        return byIndex[table[(int) Long.remainderUnsigned(KeyHash.mix(keyHash), table.length)]];
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
        int[] counts = new int[byIndex.length];
        for (char index : table) {
            counts[index]++;
        }
        return counts;
    }

    private static char[] populate(Member[] members, int size) {
        int n = members.length;
        long[] offset = new long[n];
        long[] skip = new long[n];
        long[] next = new long[n];
        double[] credit = new double[n];
        double maxWeight = 0;
        for (int i = 0; i < n; i++) {
            long seed = members[i].seed();
            offset[i] = Long.remainderUnsigned(KeyHash.mix(seed ^ 0x5DEECE66DL), size);
            skip[i] = Long.remainderUnsigned(KeyHash.mix(seed ^ 0xB5297A4DL), size - 1) + 1;
            maxWeight = Math.max(maxWeight, members[i].weight());
        }
        char[] entries = new char[size];
        boolean[] taken = new boolean[size];
        int filled = 0;
        while (filled < size) {
            for (int i = 0; i < n && filled < size; i++) {
                credit[i] += members[i].weight() / maxWeight;
                while (credit[i] >= 1 && filled < size) {
                    int slot;
                    do {
                        slot = (int) ((offset[i] + next[i] * skip[i]) % size);
                        next[i]++;
                    } while (taken[slot]);
                    taken[slot] = true;
                    entries[slot] = (char) i;
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
}
