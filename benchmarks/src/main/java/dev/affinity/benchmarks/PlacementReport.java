package dev.affinity.benchmarks;

import dev.affinity.routing.KeyHash;
import dev.affinity.routing.Member;
import dev.affinity.routing.MemberListParser;
import dev.affinity.routing.Placement;
import dev.affinity.routing.Strategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys moved when a member joins and when one leaves, and the most loaded member against the
 * mean, for each strategy: 100 000 keys {@code id=0…99999}. The ideal move is 1/(N+1) of the keys
 * on a join and the leaver's own keys on a leave.
 */
final class PlacementReport {
    private static final int KEYS = 100_000;
    private static final int[] SIZES = {3, 5, 10, 50};

    private PlacementReport() {
    }

    static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| strategy | members | moved on join | ideal | ratio | moved on leave | leaver's keys | ratio | max / mean load |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Strategy strategy : Strategy.values()) {
            for (int size : SIZES) {
                List<Member> all = new MemberListParser("members").parseList(Farms.members(size + 1));
                Placement before = strategy.place(all.subList(0, size));
                Placement joined = strategy.place(all);
                Member leaver = all.get(0);
                Placement left = strategy.place(all.subList(1, size));
                int movedOnJoin = 0;
                int movedOnLeave = 0;
                int leaversKeys = 0;
                Map<Member, Integer> load = new HashMap<>();
                for (int k = 0; k < KEYS; k++) {
                    long hash = KeyHash.of("id=" + k);
                    Member owner = before.owner(hash);
                    load.merge(owner, 1, Integer::sum);
                    movedOnJoin += joined.owner(hash).equals(owner) ? 0 : 1;
                    movedOnLeave += left.owner(hash).equals(owner) ? 0 : 1;
                    leaversKeys += owner.equals(leaver) ? 1 : 0;
                }
                int ideal = KEYS / (size + 1);
                double maxOverMean = new ArrayList<>(load.values()).stream().mapToInt(Integer::intValue).max().orElse(0)
                        / ((double) KEYS / size);
                out.append(String.format("| %s | %d | %d | %d | %.2f | %d | %d | %.2f | %.3f |%n", strategy.settingValue(), size,
                        movedOnJoin, ideal, (double) movedOnJoin / ideal, movedOnLeave, leaversKeys,
                        (double) movedOnLeave / leaversKeys, maxOverMean));
            }
        }
        return out.toString();
    }
}
