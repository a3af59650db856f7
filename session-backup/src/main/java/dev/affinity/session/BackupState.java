package dev.affinity.session;

import java.util.HashMap;
import java.util.Map;

/**
 * What the backup map holds of one session, as far as this node knows: the version of its last
 * acknowledged write, a digest of each attribute written, and the key of an entry to delete
 * after {@code changeSessionId()}. Guarded by the instance's monitor, which also orders writes.
 */
final class BackupState {
    long version;
    String movedFrom;
    long movedFromVersion;
    final Map<String, byte[]> digests = new HashMap<>();
}
