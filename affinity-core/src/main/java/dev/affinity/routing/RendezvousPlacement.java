package dev.affinity.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Weighted rendezvous (highest random weight) hashing. Each member scores every key; the highest
 * score owns it. A member that leaves moves only its own keys, and they spread over all survivors
 * in proportion to weight. Scores are {@code -weight / ln(u)} with {@code u} uniform in (0, 1)
 * drawn from the key and member hashes; with equal weights the raw hash order is used, which is
 * the same order without the logarithm.
 */
public final class RendezvousPlacement implements Placement {
    private final Member[] members;
    private final boolean uniform;

    public RendezvousPlacement(List<Member> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no members");
        }
        this.members = members.toArray(Member[]::new);
        this.uniform = members.stream().mapToDouble(Member::weight).distinct().count() == 1;
    }

    @Override
    public Member owner(long keyHash) {
        Member[] all = members;
        Member best = all[0];
        if (uniform) {
            long bestScore = rawScore(keyHash, best);
            for (int i = 1; i < all.length; i++) {
                long score = rawScore(keyHash, all[i]);
                if (Long.compareUnsigned(score, bestScore) > 0) {
                    bestScore = score;
                    best = all[i];
                }
            }
        } else {
            double bestScore = weightedScore(keyHash, best);
            for (int i = 1; i < all.length; i++) {
                double score = weightedScore(keyHash, all[i]);
                if (score > bestScore) {
                    bestScore = score;
                    best = all[i];
                }
            }
        }
        return best;
    }

    @Override
    public List<Member> rank(long keyHash) {
        List<Member> ranked = new ArrayList<>(List.of(members));
        if (uniform) {
            ranked.sort((a, b) -> Long.compareUnsigned(rawScore(keyHash, b), rawScore(keyHash, a)));
        } else {
            ranked.sort(Comparator.comparingDouble((Member m) -> weightedScore(keyHash, m)).reversed());
        }
        return ranked;
    }

    /** The members other than {@code first}, in this key's rendezvous order. */
    List<Member> rankExcluding(long keyHash, Member first) {
        List<Member> ranked = rank(keyHash);
        ranked.remove(first);
        ranked.add(0, first);
        return ranked;
    }

    @Override
    public List<Member> members() {
        return List.of(members);
    }

    private static long rawScore(long keyHash, Member member) {
        return KeyHash.mix(keyHash ^ member.seed());
    }

    private static double weightedScore(long keyHash, Member member) {
        double unit = ((rawScore(keyHash, member) >>> 11) + 0.5) * 0x1.0p-53;
        return -member.weight() / Math.log(unit);
    }
}
