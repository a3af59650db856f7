package dev.affinity.session;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * Merges the session map after a split brain heals, so that an older version never wins. When
 * Hazelcast merges the smaller side of a split (the merging entries) into the larger one (the
 * existing entries), a session keeps the larger side's record, unless both records were written
 * by the same live copy of the session and the merging one is newer: one copy writes on one side
 * only, so its higher version is its later write. Between records of different writers the
 * larger side wins: with split-brain protection only that side could acknowledge a change, so
 * the smaller side's differing record holds at most changes that were answered {@code 503}. A
 * record only one side has is kept.
 *
 * <p>Records are sealed, but what this policy compares is not: the writer, the copy and the version
 * are kept in clear beside the sealed metadata and values (as {@link ApplyDelta} needs them on the
 * members too), so members merge without the farm's keys and never open a record. Whichever record
 * is kept is authenticated as a whole when a node opens it; a forged stamp could only choose
 * between two authentic records, which whoever can write the map could do anyway.
 *
 * <p>Other values ({@code hazelcast.apply=map-operations} keeps a session in several
 * {@code byte[]} entries, its metadata and each attribute) are kept from the larger side when it
 * has them, so a session's entries stay from one side; that is Hazelcast's default
 * ({@code PutIfAbsentMergePolicy}), which members without this jar use anyway.
 *
 * <p>Registered by the session filter on the map of an embedded member; members of an external
 * cluster name it in their own configuration and need this jar.
 */
public final class SessionMergePolicy implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object> {

    @Override
    public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
        if (existing == null) {
            return merging.getRawValue();
        }
        WriteStamp incoming = WriteStamp.of(merging.getValue());
        WriteStamp kept = WriteStamp.of(existing.getValue());
        return incoming != null && kept != null && incoming.supersedes(kept) ? merging.getRawValue() : existing.getRawValue();
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // no state
    }

    @Override
    public void readData(ObjectDataInput in) {
        // no state
    }
}
