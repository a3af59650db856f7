package dev.affinity.session.serialization;

import java.io.IOException;

/** Turns attribute values into the opaque bytes kept in the backup map, and back. */
public interface AttributeCodec {

    /** The bytes of {@code value}. */
    byte[] encode(Object value) throws IOException;

    /**
     * The value of {@code bytes}.
     *
     * @throws RefusedClassException when the payload names a class outside the allow-list
     */
    Object decode(byte[] bytes) throws IOException;
}
