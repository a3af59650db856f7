package dev.affinity.session;

import com.hazelcast.cluster.memberselector.MemberSelectors;
import com.hazelcast.instance.impl.Node;
import com.hazelcast.internal.partition.InternalPartition;
import com.hazelcast.internal.partition.PartitionReplica;

/**
 * Whether a write on the member that owns a key's partition would reach a backup replica. Hazelcast
 * acknowledges a write with synchronous backups at once when the partition has no backup replica in
 * its table (the first member alone; a second member that has just joined, until the migrations that
 * copy the partitions to it are done; a member's loss, until its replicas are made again elsewhere),
 * and when the table still names a member that has just left. A {@code kill -9} of the owner then
 * loses what it acknowledged. The partition table is not public API: this reads it through
 * Hazelcast's internal {@link Node} (which Hazelcast hands to operations that ask for it), pinned by
 * the Hazelcast version in the parent {@code pom.xml}.
 */
final class BackupReplica {
    private BackupReplica() {
    }

    /**
     * {@code true} when this member owns {@code key}'s partition, another data member is in the
     * cluster, and the partition has no backup replica yet, or only one whose member has left;
     * {@code false} on a backup replica, when this member is the only one (nowhere to back up to:
     * the quorum decides whether to write), or when there is a backup replica.
     */
    static boolean awaited(Node node, Object key) {
        InternalPartition partition = node.getPartitionService().getPartition(node.getPartitionService().getPartitionId(key));
        return partition.isLocal() && node.getClusterService().getSize(MemberSelectors.DATA_MEMBER_SELECTOR) > 1
                && lacksBackup(node, partition);
    }

    /** Whether {@code partition} has no backup replica in {@code node}'s table, or only one whose member has left. */
    static boolean lacksBackup(Node node, InternalPartition partition) {
        PartitionReplica backup = partition.getReplica(1);
        return backup == null || node.getClusterService().getMember(backup.address(), backup.uuid()) == null;
    }
}
