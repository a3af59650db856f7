package dev.affinity.session;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the backup map holds of one live copy of a session, as far as this node knows: the version
 * of its last acknowledged write, a digest of each attribute written, and the key of an entry to
 * delete after {@code changeSessionId()}. Each copy has a number of its own, which its writes carry,
 * so a copy restored afresh never builds on an older copy's unacknowledged write. A copy is
 * {@code dropped} once another copy replaced it (its changes can no longer be backed up) and
 * {@code suspect} while another node may have written the session since (it is checked against
 * the backup before it is used again). Guarded by the instance's monitor, which also orders writes.
 */
final class BackupState {
    private static final AtomicLong COPIES = new AtomicLong();

    final long copy = COPIES.incrementAndGet();
    long version;
    String movedFrom;
    long movedFromVersion;
    final Map<String, byte[]> digests = new HashMap<>();
    volatile boolean dropped;
    volatile boolean suspect;
}
