package dev.affinity.session;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * One session as kept in the backup map (under the keyed hash of its id): a version bumped by
 * every write and the writer and live copy that made it (in clear, so members can apply the version
 * rule and merge after a split without the farm's keys), the metadata sealed with the farm's keys
 * (plain copies of the times tell the members when the entry expires), and each attribute's value
 * sealed, as opaque bytes that Hazelcast members can neither read nor deserialize. Stored as
 * Hazelcast {@code DataSerializable} (its fields, no Java serialization class descriptors), which
 * members read and write again at every entry processor run.
 */
public final class BackupRecord implements Serializable, DataSerializable {
    /** The most attribute values, or removed names, a record or delta may say it carries. */
    private static final int MAX_COUNT = 100_000;
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

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(version);
        out.writeString(writer);
        out.writeLong(copy);
        out.writeString(route);
        out.writeLong(creationTime);
        out.writeLong(lastAccessedTime);
        out.writeInt(maxInactiveSeconds);
        out.writeByteArray(metadata);
        writeValues(out, attributes);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        version = in.readLong();
        writer = in.readString();
        copy = in.readLong();
        route = in.readString();
        creationTime = in.readLong();
        lastAccessedTime = in.readLong();
        maxInactiveSeconds = in.readInt();
        metadata = in.readByteArray();
        attributes.clear();
        readValues(in, attributes);
    }

    /** Writes named byte values: their count, then each name and value. */
    static void writeValues(ObjectDataOutput out, Map<String, byte[]> values) throws IOException {
        out.writeInt(values.size());
        for (Map.Entry<String, byte[]> value : values.entrySet()) {
            out.writeString(value.getKey());
            out.writeByteArray(value.getValue());
        }
    }

    /** Reads what {@link #writeValues} wrote into {@code values}. */
    static void readValues(ObjectDataInput in, Map<String, byte[]> values) throws IOException {
        int count = count(in);
        for (int i = 0; i < count; i++) {
            values.put(in.readString(), in.readByteArray());
        }
    }

    /** A count read from {@code in}, refused beyond {@value #MAX_COUNT} or below zero. */
    static int count(ObjectDataInput in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_COUNT) {
            throw new IOException("a count of " + count + " values is out of range");
        }
        return count;
    }

    WriteStamp stamp() {
        return new WriteStamp(writer, copy, version);
    }
}
