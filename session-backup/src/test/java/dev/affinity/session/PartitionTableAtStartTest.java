package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import dev.affinity.testing.LoopbackHazelcast;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node's own member lays out the partition table as it starts, before any session is written: laid
 * out under the first write instead, the table reaches a second member while that write's backup is
 * already on its way, the member ignores the backup and the sync write fails after Hazelcast's backup
 * timeout (a {@code 503} for a change that was fine).
 */
class PartitionTableAtStartTest {

    @Test
    void theNodesMemberHasItsPartitionTableBeforeTheFirstRequest() throws Exception {
        try (LoopbackHazelcast cluster = new LoopbackHazelcast(1);
             Node node = Node.onJetty(Map.of("self", "a", "secret", cluster.secret(),
                "hazelcast.config", cluster.memberYaml(0).toString()))) {
            HazelcastInstance member = Hazelcast.getAllHazelcastInstances().stream()
                    .filter(i -> cluster.address(0).equals(addressOf(i)))
                    .findFirst().orElseThrow();
            assertThat(((HazelcastInstanceProxy) member).getOriginal().node.getPartitionService().isPartitionAssignmentDone())
                    .as("partition table laid out at start").isTrue();
            assertThat(node.filter().stats().writes()).isZero();
        }
    }

    private static String addressOf(HazelcastInstance member) {
        Address address = member.getCluster().getLocalMember().getAddress();
        return address.getHost() + ":" + address.getPort();
    }
}
