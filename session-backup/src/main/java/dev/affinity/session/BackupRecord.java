package dev.affinity.session;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * One session as kept in the backup map (under the keyed hash of its id): a version bumped by
 * every write, the metadata sealed with the farm's keys (plain copies of the times tell the
 * members when the entry expires), and each attribute's value sealed, as opaque bytes that
 * Hazelcast members can neither read nor deserialize.
 */
public final class BackupRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    long version;
    String writer;
    String route;
    long creationTime;
    long lastAccessedTime;
    int maxInactiveSeconds;
    byte[] metadata;
    final HashMap<String, byte[]> attributes = new HashMap<>();

    /** The version of the last write. */
    public long version() {
        return version;
    }

    /** The sealed {@link SessionMetadata}. */
    public byte[] metadata() {
        return metadata;
    }

    /** The sealed attribute values by name. */
    public Map<String, byte[]> attributes() {
        return attributes;
    }
}
