package dev.affinity.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlacementTest {
    private static final int KEYS = 100_000;

    static List<Arguments> consistentStrategiesAndSizes() {
        List<Arguments> cases = new ArrayList<>();
        for (Strategy strategy : List.of(Strategy.RENDEZVOUS, Strategy.MAGLEV)) {
            for (int members : new int[] {3, 5, 10, 50}) {
                cases.add(Arguments.of(strategy, members));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} with {1} members")
    @MethodSource("consistentStrategiesAndSizes")
    void aJoinMovesAtMostItsIdealShareAndOnlyToTheNewcomer(Strategy strategy, int size) {
        List<Member> all = Members.of(size + 1);
        Placement before = strategy.place(all.subList(0, size));
        Placement after = strategy.place(all);
        Member newcomer = all.get(size);
        int moved = 0;
        for (int k = 0; k < KEYS; k++) {
            long hash = KeyHash.of("id=" + k);
            Member owner = after.owner(hash);
            if (!owner.equals(before.owner(hash))) {
                moved++;
                if (strategy == Strategy.RENDEZVOUS) {
                    assertThat(owner).isEqualTo(newcomer);
                }
            }
        }
        double ideal = (double) KEYS / (size + 1);
        assertThat(moved).isBetween((int) (0.9 * ideal), (int) (1.1 * ideal));
    }

    @ParameterizedTest(name = "{0} with {1} members")
    @MethodSource("consistentStrategiesAndSizes")
    void aLeaveMovesAtMostTheLeaversOwnKeys(Strategy strategy, int size) {
        List<Member> all = Members.of(size);
        Member leaver = all.get(size / 2);
        List<Member> survivors = new ArrayList<>(all);
        survivors.remove(leaver);
        Placement before = strategy.place(all);
        Placement after = strategy.place(survivors);
        int leaversKeys = 0;
        int moved = 0;
        for (int k = 0; k < KEYS; k++) {
            long hash = KeyHash.of("id=" + k);
            Member owner = before.owner(hash);
            if (owner.equals(leaver)) {
                leaversKeys++;
            }
            if (!after.owner(hash).equals(owner)) {
                moved++;
            }
        }
        assertThat(moved).isGreaterThanOrEqualTo(leaversKeys).isLessThanOrEqualTo((int) (1.1 * leaversKeys));
        if (strategy == Strategy.RENDEZVOUS) {
            assertThat(moved).isEqualTo(leaversKeys);
        }
    }

    @ParameterizedTest(name = "{0} members")
    @ValueSource(ints = {3, 5, 10, 50})
    void moduloMovesFarMoreThanItsShare(int size) {
        List<Member> all = Members.of(size + 1);
        Placement before = Strategy.MODULO.place(all.subList(0, size));
        Placement after = Strategy.MODULO.place(all);
        int moved = 0;
        for (int k = 0; k < KEYS; k++) {
            long hash = KeyHash.of("id=" + k);
            if (!after.owner(hash).equals(before.owner(hash))) {
                moved++;
            }
        }
        double ideal = (double) KEYS / (size + 1);
        // hash % n moves n/(n+1) of the keys: 3x the ideal share at 3 members, 50x at 50
        assertThat(moved).isGreaterThan((int) (0.7 * KEYS)).isGreaterThan((int) (2.5 * ideal));
    }

    /**
     * The most loaded member against the mean. At 50 members, 100 000 keys leave 2 000 a member,
     * whose sampling noise alone (one standard deviation is 2.2 % of the mean) puts the expected
     * maximum of 50 members near 1.06 for any hash placement, modulo included; there the check uses
     * 1 000 000 keys, which leaves the structure, not the sample, to be measured.
     */
    @ParameterizedTest(name = "{0} members")
    @ValueSource(ints = {3, 5, 10, 50})
    void theMostLoadedMemberHoldsCloseToTheMean(int size) {
        int keys = size < 50 ? KEYS : 10 * KEYS;
        assertThat(maxOverMean(Strategy.RENDEZVOUS, size, keys)).isLessThanOrEqualTo(1.05);
        assertThat(maxOverMean(Strategy.MAGLEV, size, keys)).isLessThanOrEqualTo(1.02);
        int[] entries = ((MaglevPlacement) Strategy.MAGLEV.place(Members.of(size))).entriesPerMember();
        double meanEntries = (double) MaglevPlacement.tableSize(size) / size;
        assertThat(java.util.Arrays.stream(entries).max().getAsInt() / meanEntries).isLessThanOrEqualTo(1.02);
    }

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"RENDEZVOUS", "MAGLEV"})
    void weightsAreHonouredWithinFivePercent(Strategy strategy) {
        List<Member> members = List.of(
                new Member("a", URI.create("http://10.0.0.1:8080"), 1),
                new Member("b", URI.create("http://10.0.0.2:8080"), 2),
                new Member("c", URI.create("http://10.0.0.3:8080"), 3),
                new Member("d", URI.create("http://10.0.0.4:8080"), 0.5));
        Map<Member, Integer> load = load(strategy.place(members), KEYS);
        double totalWeight = members.stream().mapToDouble(Member::weight).sum();
        for (Member member : members) {
            double expected = KEYS * member.weight() / totalWeight;
            assertThat((double) load.get(member)).as(member.name()).isBetween(0.95 * expected, 1.05 * expected);
        }
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void rankStartsWithTheOwnerAndListsEveryMemberOnce(Strategy strategy) {
        List<Member> members = Members.of(7);
        Placement placement = strategy.place(members);
        for (int k = 0; k < 1_000; k++) {
            long hash = KeyHash.of("key-" + k);
            List<Member> rank = placement.rank(hash);
            assertThat(rank.get(0)).isEqualTo(placement.owner(hash));
            assertThat(rank).containsExactlyInAnyOrderElementsOf(members);
        }
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void keysWithNegativeJavaHashCodesAreAllPlaced(Strategy strategy) {
        Placement placement = strategy.place(Members.of(3));
        int negative = 0;
        for (int k = 0; k < 50_000; k++) {
            String key = "id=" + k;
            negative += key.hashCode() < 0 ? 1 : 0;
            assertThat(placement.owner(KeyHash.of(key))).isNotNull();
        }
        assertThat(negative).isGreaterThan(40_000);
    }

    @org.junit.jupiter.api.Test
    void theSecondRankedMemberIsTheRendezvousOwnerOnceTheOwnerLeaves() {
        List<Member> members = Members.of(5);
        Placement placement = Strategy.RENDEZVOUS.place(members);
        for (int k = 0; k < 1_000; k++) {
            long hash = KeyHash.of("id=" + k);
            List<Member> rank = placement.rank(hash);
            List<Member> survivors = new ArrayList<>(members);
            survivors.remove(rank.get(0));
            assertThat(Strategy.RENDEZVOUS.place(survivors).owner(hash)).isEqualTo(rank.get(1));
        }
    }

    private static double maxOverMean(Strategy strategy, int size, int keys) {
        Map<Member, Integer> load = load(strategy.place(Members.of(size)), keys);
        int max = load.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        return max / ((double) keys / size);
    }

    private static Map<Member, Integer> load(Placement placement, int keys) {
        Map<Member, Integer> load = new HashMap<>();
        for (int k = 0; k < keys; k++) {
            load.merge(placement.owner(KeyHash.of("id=" + k)), 1, Integer::sum);
        }
        return load;
    }
}
