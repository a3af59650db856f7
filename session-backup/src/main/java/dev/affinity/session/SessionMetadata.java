package dev.affinity.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A session's metadata as sealed in its backup record: the random part of its id (so a session
 * whose backup expires can still be named to its listeners), the route of the node that wrote it,
 * and its times. Sealed and authenticated, unlike the record's plain copies of the times, which
 * only tell the members when the entry expires.
 */
record SessionMetadata(String sessionKey, String route, long creationTime, long lastAccessedTime, int maxInactiveSeconds) {
    private static final int FORMAT = 1;

    /** Whether the session had expired at {@code now}. */
    boolean expiredAt(long now) {
        return maxInactiveSeconds > 0 && now - lastAccessedTime > maxInactiveSeconds * 1000L;
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(sessionKey);
            out.writeUTF(route);
            out.writeLong(creationTime);
            out.writeLong(lastAccessedTime);
            out.writeInt(maxInactiveSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The metadata {@link #encode()} wrote. */
    static SessionMetadata decode(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != FORMAT) {
                throw new IOException("unknown session metadata format");
            }
            return new SessionMetadata(in.readUTF(), in.readUTF(), in.readLong(), in.readLong(), in.readInt());
        }
    }
}
