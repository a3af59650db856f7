package dev.affinity.session;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * One session as kept in the backup map (under the keyed hash of its id): a version bumped by
 * every write and the writer and live copy that made it (in clear, so members can apply the version
 * rule and merge after a split without the farm's keys), the metadata sealed with the farm's keys
 * (plain copies of the times tell the members when the entry expires), and each attribute's value
 * sealed, as opaque bytes that Hazelcast members can neither read nor deserialize.
 */
public final class BackupRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    long version;
    String writer;
    long copy;
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

    /** The filter instance that made the last write (the map's listeners select on it). */
    public String writer() {
        return writer;
    }

    /** The sealed {@link SessionMetadata}. */
    public byte[] metadata() {
        return metadata;
    }

    /** The sealed attribute values by name. */
    public Map<String, byte[]> attributes() {
        return attributes;
    }

    WriteStamp stamp() {
        return new WriteStamp(writer, copy, version);
    }
}
