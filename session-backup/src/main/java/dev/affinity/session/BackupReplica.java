package dev.affinity.session;

import com.hazelcast.cluster.memberselector.MemberSelectors;
import com.hazelcast.instance.impl.Node;
import com.hazelcast.internal.partition.IPartition;

/**
 * Whether a write on the member that owns a key's partition would reach a backup replica. Hazelcast
 * acknowledges a write with synchronous backups at once when the partition has no backup replica in
 * its table: the first member alone, and a second member that has just joined until the migrations
 * that copy the partitions to it are done. A {@code kill -9} of the owner then loses what it
 * acknowledged. The partition table is not public API: this reads it through Hazelcast's internal
 * {@link Node} (which Hazelcast hands to operations that ask for it), pinned by the Hazelcast version
 * in the parent {@code pom.xml}.
 */
final class BackupReplica {
    private BackupReplica() {
    }

    /**
     * {@code true} when this member owns {@code key}'s partition, another data member is in the
     * cluster, and the partition has no backup replica yet; {@code false} on a backup replica, when
     * this member is the only one (nowhere to back up to: the quorum decides whether to write), or
     * when there is a backup replica.
     */
    static boolean awaited(Node node, Object key) {
        IPartition partition = node.getPartitionService().getPartition(node.getPartitionService().getPartitionId(key));
        return partition.isLocal()
                && partition.getReplicaAddress(1) == null
                && node.getClusterService().getSize(MemberSelectors.DATA_MEMBER_SELECTOR) > 1;
    }
}
