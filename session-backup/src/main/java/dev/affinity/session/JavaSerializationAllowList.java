package dev.affinity.session;

import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.logging.Log;

/**
 * The classes a toolkit-built Hazelcast member or client may Java-deserialize from the cluster:
 * Hazelcast's own, the JDK's and the three the toolkit stores, nothing else. Whoever can reach the
 * cluster can put any value in the session map; without this list, reading it would instantiate
 * whatever class the value names (a deserialization gadget). A configuration file that names its
 * own {@code java-serialization-filter} keeps it.
 */
final class JavaSerializationAllowList {
    /** The class-name prefixes allowed. Arrays ({@code [}) are allowed as such; their elements are checked one by one. */
    static final String[] ALLOWED_PREFIXES = {"com.hazelcast.", "java.", "["};
    /** The toolkit's classes that travel through the cluster. */
    static final String[] ALLOWED_CLASSES = {BackupRecord.class.getName(), ApplyDelta.class.getName(), SessionMergePolicy.class.getName()};
    private static final Log LOG = Log.of(JavaSerializationAllowList.class);

    private JavaSerializationAllowList() {
    }

    /**
     * Warns when an application's own member (whose configuration the toolkit leaves alone) Java-deserializes
     * any class the cluster sends it. A client says nothing: its own configuration is not visible here.
     */
    static void warnIfUnfiltered(HazelcastInstance instance) {
        try {
            if (instance.getConfig().getSerializationConfig().getJavaSerializationFilterConfig() == null) {
                LOG.warn("session-backup: the application's Hazelcast has no java-serialization-filter: whoever reaches the "
                        + "cluster can make it deserialize any class; see docs/security.md");
            }
        } catch (UnsupportedOperationException e) {
            LOG.debug("session-backup: the application's Hazelcast is a client; its own configuration decides");
        }
    }

    /** Sets the allow-list on {@code serialization}, unless it already has a Java-serialization filter. */
    static void apply(SerializationConfig serialization) {
        if (serialization.getJavaSerializationFilterConfig() != null) {
            LOG.info("session-backup: the Hazelcast configuration's own java-serialization-filter is kept");
            return;
        }
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig().setDefaultsDisabled(true);
        filter.getWhitelist().addPrefixes(ALLOWED_PREFIXES).addClasses(ALLOWED_CLASSES);
        serialization.setJavaSerializationFilterConfig(filter);
    }
}
