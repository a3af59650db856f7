package dev.affinity.session.serialization;

/** The attribute codecs that can be chosen with the {@code serialization} setting. */
public enum Codec {
    /** Java serialization behind an {@link java.io.ObjectInputFilter} allow-list. */
    JAVA,
    /** Jackson JSON, with the class named in the payload checked against the same allow-list. */
    JSON
}
