package dev.affinity.session;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.proxy.MapProxyImpl;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import dev.affinity.logging.Log;
import java.util.Optional;

/**
 * What an embedded member needs so that no answered change is lost when the cluster splits: the
 * session map guarded by Hazelcast's split-brain protection (reads and writes need
 * {@code hazelcast.quorum} members, so a member cut off in a minority confirms nothing), merged
 * after the split heals by {@link SessionMergePolicy}, and session writes that fail, rather than
 * succeed, when their backups are not acknowledged. A configuration file's own choices win: a
 * split-brain protection or a merge policy it names for the map, and the indeterminate-state
 * property it sets, are kept.
 *
 * <p>That last guard is set on the session map's proxy, not member-wide: Hazelcast's own merge
 * after a split heals gives up on the rest of its entries when one of its operations fails, so a
 * member-wide property turned one unacknowledged merge backup into lost sessions.
 */
final class SplitBrainGuard {
    /** Hazelcast's property: an operation whose backups are not acknowledged in time fails instead of succeeding. */
    static final String FAIL_ON_INDETERMINATE = "hazelcast.operation.fail.on.indeterminate.state";
    /** The same property of a Hazelcast client. */
    static final String CLIENT_FAIL_ON_INDETERMINATE = "hazelcast.client.operation.fail.on.indeterminate.state";
    private static final Log LOG = Log.of(SplitBrainGuard.class);

    private SplitBrainGuard() {
    }

    /** Adds the guard of {@code settings}' map to a member configuration not yet started. */
    static void configure(Config config, HazelcastSettings settings) {
        MapConfig map = new MapConfig(config.findMapConfig(settings.map())).setName(settings.map());
        if (settings.protectsAgainstSplitBrain()) {
            if (map.getSplitBrainProtectionName() != null) {
                LOG.info("the session map '{}' keeps the split-brain protection '{}' of the Hazelcast configuration",
                        settings.map(), map.getSplitBrainProtectionName());
            } else {
                String name = protectionName(settings.map());
                config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(name, true, settings.quorum())
                        .setProtectOn(SplitBrainProtectionOn.READ_WRITE));
                map.setSplitBrainProtectionName(name);
            }
        }
        if (isDefault(map.getMergePolicyConfig().getPolicy())) {
            map.setMergePolicyConfig(new MergePolicyConfig(map.getMergePolicyConfig()).setPolicy(SessionMergePolicy.class.getName()));
        } else {
            LOG.info("the session map '{}' keeps the merge policy {} of the Hazelcast configuration",
                    settings.map(), map.getMergePolicyConfig().getPolicy());
        }
        config.addMapConfig(map);
    }

    /**
     * Makes the writes through an embedded member's session map proxy fail when their backups are
     * not acknowledged in time, unless the member's configuration sets the indeterminate-state
     * property itself (then the proxy already follows it). A client's proxy is left alone: its
     * cluster's members decide.
     */
    static void failUnconfirmedWrites(HazelcastInstance instance, IMap<?, ?> map) {
        if (map instanceof MapProxyImpl<?, ?> proxy && instance.getConfig().getProperty(FAIL_ON_INDETERMINATE) == null
                && System.getProperty(FAIL_ON_INDETERMINATE) == null) {
            proxy.setFailOnIndeterminateOperationState(true);
        }
    }

    /**
     * Why the session map cannot be used now, when this member is in a minority: {@code minority: 1 of 3}
     * (members seen of the members expected), or {@code minority: 1, quorum 2}; empty otherwise and for a client.
     */
    static Optional<String> minority(HazelcastInstance instance, HazelcastSettings settings) {
        try {
            String name = instance.getConfig().findMapConfig(settings.map()).getSplitBrainProtectionName();
            if (name == null || instance.getSplitBrainProtectionService().getSplitBrainProtection(name).hasMinimumSize()) {
                return Optional.empty();
            }
            int size = instance.getCluster().getMembers().size();
            return Optional.of("minority: " + size + (settings.expectedMembers().isPresent()
                    ? " of " + settings.expectedMembers().getAsInt() : ", quorum " + settings.quorum()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Warns when an application's own member (whose configuration the toolkit leaves alone) has no
     * split-brain protection on the session map: a member cut off in a minority then confirms sync
     * writes that the merge may lose. A client says nothing: its cluster's configuration decides.
     */
    static void warnIfUnguarded(HazelcastInstance instance, String map) {
        try {
            if (instance.getConfig().findMapConfig(map).getSplitBrainProtectionName() == null) {
                LOG.warn("session-backup: the application's Hazelcast gives the session map '{}' no split-brain protection: "
                        + "a member cut off in a minority may confirm changes that are lost when the split heals; "
                        + "see docs/hazelcast.md", map);
            }
        } catch (UnsupportedOperationException e) {
            LOG.debug("session-backup: the application's Hazelcast is a client; its cluster's configuration decides");
        }
    }

    static String protectionName(String map) {
        return map + "-quorum";
    }

    private static boolean isDefault(String policy) {
        return policy == null || policy.equals(MergePolicyConfig.DEFAULT_MERGE_POLICY)
                || policy.equals(PutIfAbsentMergePolicy.class.getSimpleName());
    }
}
