package dev.affinity.session;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * One session as kept in the backup map: metadata, a version bumped by every write, the writer
 * and live copy that made it, and each attribute's value as opaque bytes that Hazelcast members never deserialize.
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
    final HashMap<String, byte[]> attributes = new HashMap<>();

    /** The version of the last write. */
    public long version() {
        return version;
    }

    /** The filter instance that made the last write (the map's listeners select on it). */
    public String writer() {
        return writer;
    }

    /** The encoded attribute values by name. */
    public Map<String, byte[]> attributes() {
        return attributes;
    }

    WriteStamp stamp() {
        return new WriteStamp(writer, copy, version);
    }

    /** Whether the session had expired at {@code now}. */
    boolean expiredAt(long now) {
        return maxInactiveSeconds > 0 && now - lastAccessedTime > maxInactiveSeconds * 1000L;
    }
}
