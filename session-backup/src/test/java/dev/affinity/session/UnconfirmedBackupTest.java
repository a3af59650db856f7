package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.MapService;
import com.hazelcast.map.impl.SimpleEntryView;
import com.hazelcast.map.impl.operation.MergeOperation;
import com.hazelcast.spi.impl.NodeEngine;
import com.hazelcast.spi.impl.merge.MergingValueFactory;
import com.hazelcast.spi.merge.PassThroughMergePolicy;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import com.hazelcast.spi.merge.SplitBrainMergeTypes.MapMergeTypes;
import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import dev.affinity.testing.ChildJvm;
import dev.affinity.testing.LoopbackHazelcast;
import dev.affinity.testing.TestBudgets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A sync write that the cluster applied but whose backup it did not confirm (Hazelcast's
 * indeterminate state) is sent again within the write's budget, and answered {@code 200} once the
 * backup is acknowledged, not {@code 503}. Here the backup's member is paused until the first
 * attempt has failed; in a farm the same happens when a backup is lost because its replica moved
 * (a member joining or leaving gracefully during a rolling restart).
 */
class UnconfirmedBackupTest {
    private static final Duration WRITE_BUDGET = Duration.ofSeconds(10);
    private static final int SESSIONS_TO_TRY = 40;
    private static final int KEYS_TO_TRY = 1_000;
    private static final String MERGED_MAP = "merged";

    @Test
    void aWriteWhoseBackupWasNotConfirmedIsSentAgainWithinItsBudget() throws Exception {
        withABackupMember((backupMember, node, member) -> {
            Browser browser = aSessionWhosePrimaryIsTheNodesMember(node, member.getMap(HazelcastSettings.DEFAULT_MAP));
            BackupStats stats = node.filter().stats();
            long failedBefore = stats.failedWrites.get();

            backupMember.pause();
            CompletableFuture<Answer> change = CompletableFuture.supplyAsync(
                    () -> browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=x&value=2")));
            await("the first attempt's backup not confirmed").atMost(TestBudgets.EVENTUALLY).pollInterval(Duration.ofMillis(20))
                    .until(() -> stats.failedWrites.get() > failedBefore);
            backupMember.resume();

            Answer answer = change.get(WRITE_BUDGET.toSeconds() + TestBudgets.EVENTUALLY.toSeconds(), TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(stats.refusedChanges()).isZero();
            assertThat(browser.get(SessionServlet.at(node.baseUrl(), "op=get&name=x")).okBody()).isEqualTo("2");
        });
    }

    /**
     * Only the session writes fail so: Hazelcast's merge after a split heals sends its entries as
     * {@link MergeOperation}s and gives up on the rest of them when one fails, so a merge operation
     * whose backup is not confirmed must still complete (after the backup timeout), as it does on a
     * member of Hazelcast's defaults. It failed while the guard was a member-wide property.
     */
    @Test
    void aMergeOperationWhoseBackupWasNotConfirmedStillCompletes() throws Exception {
        withABackupMember((backupMember, node, member) -> {
            NodeEngine engine = ((HazelcastInstanceProxy) member).getOriginal().node.getNodeEngine();
            Data key = engine.toData(aKeyOwnedBy(member));
            int partition = engine.getPartitionService().getPartitionId(key);
            SplitBrainMergePolicy<Object, MapMergeTypes<Object, Object>, Object> passThrough =
                    engine.getSplitBrainMergePolicyProvider().getMergePolicy(PassThroughMergePolicy.class.getName());
            MapMergeTypes<Object, Object> entry = MergingValueFactory.createMergingEntry(engine.getSerializationService(),
                    new SimpleEntryView<>(key, engine.toData("merged")));

            backupMember.pause();
            try {
                engine.getOperationService().invokeOnPartition(MapService.SERVICE_NAME,
                        new MergeOperation(MERGED_MAP, List.of(entry), passThrough, false), partition)
                        .get(TestBudgets.EVENTUALLY.toSeconds(), TimeUnit.SECONDS);
            } finally {
                backupMember.resume();
            }
            assertThat(member.getMap(MERGED_MAP).get(engine.toObject(key))).isEqualTo("merged");
        });
    }

    /** Runs {@code test} with a node on Jetty whose embedded member has a second member, in its own process, for backups. */
    private static void withABackupMember(BackupMemberTest test) throws Exception {
        try (LoopbackHazelcast cluster = new LoopbackHazelcast(2);
             ChildJvm backupMember = ChildJvm.main("backup-member", NodeProcess.JVM_OPTIONS, MemberMain.class,
                cluster.memberXml(1).toString(), HazelcastSettings.DEFAULT_MAP)) {
            backupMember.awaitLine("READY", TestBudgets.EVENTUALLY);
            try (Node node = Node.onJetty(Map.of("self", "a", "secret", cluster.secret(),
                    "hazelcast.config", cluster.memberYaml(0).toString(), "write-timeout", WRITE_BUDGET.toSeconds() + "s"))) {
                HazelcastInstance member = memberAt(cluster.address(0));
                // isClusterSafe() is true, too, before the master has assigned the partitions (no owners yet)
                await("two members, every partition owned and backed up").atMost(TestBudgets.EVENTUALLY)
                        .until(() -> member.getCluster().getMembers().size() == 2
                                && member.getPartitionService().getPartitions().stream().allMatch(partition -> partition.getOwner() != null)
                                && member.getPartitionService().isClusterSafe());
                test.run(backupMember, node, member);
            }
        }
    }

    /** A test given the backup member's process, the node and the node's own member. */
    private interface BackupMemberTest {
        void run(ChildJvm backupMember, Node node, HazelcastInstance member) throws Exception;
    }

    private static String aKeyOwnedBy(HazelcastInstance member) {
        return IntStream.range(0, KEYS_TO_TRY).mapToObj(i -> "merged-" + i)
                .filter(key -> member.getPartitionService().getPartition(key).getOwner().localMember())
                .findFirst().orElseThrow(() -> new AssertionError("no key of " + KEYS_TO_TRY + " is owned by the node's member"));
    }

    /**
     * A browser whose session's backup entry has its primary on the node's own member (so its
     * backup is on the other member), found by creating sessions until one lands there.
     */
    private static Browser aSessionWhosePrimaryIsTheNodesMember(Node node, IMap<String, Object> map) {
        Set<String> seen = new HashSet<>(map.keySet());
        for (int i = 0; i < SESSIONS_TO_TRY; i++) {
            Browser browser = new Browser();
            browser.get(SessionServlet.at(node.baseUrl(), "op=set&name=x&value=1")).okBody();
            Set<String> added = new HashSet<>(map.keySet());
            added.removeAll(seen);
            seen.addAll(added);
            if (added.size() == 1 && map.localKeySet().containsAll(added)) {
                return browser;
            }
        }
        throw new AssertionError("no session of " + SESSIONS_TO_TRY + " had its primary on the node's member");
    }

    private static HazelcastInstance memberAt(String address) {
        return Hazelcast.getAllHazelcastInstances().stream().filter(i -> address.equals(addressOf(i))).findFirst().orElseThrow();
    }

    private static String addressOf(HazelcastInstance member) {
        Address address = member.getCluster().getLocalMember().getAddress();
        return address.getHost() + ":" + address.getPort();
    }
}
