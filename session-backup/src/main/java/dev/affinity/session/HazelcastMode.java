package dev.affinity.session;

/** How this node reaches Hazelcast. */
public enum HazelcastMode {
    /** This JVM runs a Hazelcast member. */
    EMBEDDED,
    /** This JVM is a client of an existing cluster. */
    CLIENT
}
