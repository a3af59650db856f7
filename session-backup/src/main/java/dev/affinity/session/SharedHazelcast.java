package dev.affinity.session;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.client.config.XmlClientConfigBuilder;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import com.hazelcast.config.YamlConfigBuilder;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.config.ConfigException;
import dev.affinity.config.ConfigResource;
import dev.affinity.routing.Member;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Hazelcast instances of this class loader (one webapp), shared by the session filter and the
 * Hazelcast membership provider of the same node and counted, so the last user shuts it down.
 * An embedded member publishes this node's member entry ({@code baseUrl;name=route}) as the
 * member attribute {@value #MEMBER_ATTRIBUTE}, and guards the session map ({@link SplitBrainGuard});
 * without a Hazelcast file it is configured by {@link FilelessMember}. A client starts without
 * waiting for the cluster and reconnects in the background, so no request waits for an unreachable
 * cluster; its operations fail rather than succeed when their backups are not acknowledged.
 */
public final class SharedHazelcast {
    /** The member attribute holding a node's entry in the routing member list. */
    public static final String MEMBER_ATTRIBUTE = "affinity.member";

    private static final Map<String, HazelcastInstance> BY_KEY = new HashMap<>();
    private static final Map<HazelcastInstance, Integer> USERS = new IdentityHashMap<>();
    private static final Map<HazelcastInstance, HazelcastSettings> STARTED_WITH = new IdentityHashMap<>();

    private SharedHazelcast() {
    }

    /**
     * The instance for these settings and this node, started on first use.
     *
     * @param memberEntry this node's routing entry, published as a member attribute (embedded only)
     */
    public static synchronized HazelcastInstance acquire(HazelcastSettings settings, String route,
                                                         Optional<String> memberEntry, ClassLoader loader) {
        String key = key(settings, route);
        HazelcastInstance instance = BY_KEY.get(key);
        if (instance == null || !instance.getLifecycleService().isRunning()) {
            instance = settings.mode() == HazelcastMode.CLIENT ? client(settings, loader) : member(settings, memberEntry, loader);
            BY_KEY.put(key, instance);
            USERS.put(instance, 0);
            STARTED_WITH.put(instance, settings);
        } else if (!sameSessionMap(STARTED_WITH.get(instance), settings)) {
            HazelcastSettings first = STARTED_WITH.get(instance);
            throw ConfigException.invalid(settings.map().equals(first.map()) ? "hazelcast.quorum" : "map",
                    settings.map() + " (quorum " + settings.quorum() + ")", "the map " + first.map() + " with quorum " + first.quorum()
                            + ", as the filter that started this node's Hazelcast member first: with members=hazelcast give both "
                            + "filters the same settings, as system properties (affinity.map, affinity.hazelcast.quorum)");
        } else if (memberEntry.isPresent() && settings.mode() == HazelcastMode.EMBEDDED
                && !Objects.equals(memberEntry.get(), instance.getCluster().getLocalMember().getAttribute(MEMBER_ATTRIBUTE))) {
            throw ConfigException.invalid("self", memberEntry.get(), "the same base URL (with ;name=" + route
                    + ") in the session-backup filter, which started this node's Hazelcast member first");
        }
        USERS.merge(instance, 1, Integer::sum);
        return instance;
    }

    /** The running instance for these settings and this node, if any, without becoming one of its users. */
    static synchronized Optional<HazelcastInstance> running(HazelcastSettings settings, String route) {
        return Optional.ofNullable(BY_KEY.get(key(settings, route))).filter(i -> i.getLifecycleService().isRunning());
    }

    private static String key(HazelcastSettings settings, String route) {
        return settings.mode() + "|" + settings.configFile().map(Object::toString).orElse("") + "|"
                + settings.fileless().map(FilelessMember::clusterName).orElse("") + "|" + route;
    }

    private static boolean sameSessionMap(HazelcastSettings first, HazelcastSettings next) {
        return first == null || first.map().equals(next.map()) && first.quorum() == next.quorum();
    }

    /** A member's routing entry as published: {@code baseUrl;name=NAME}, with {@code ;weight=W} unless 1. */
    public static String memberEntry(Member member) {
        return member.baseUrl() + ";name=" + member.name() + (member.weight() == 1 ? "" : ";weight=" + member.weight());
    }

    /** Gives an instance back; the last user shuts it down. */
    public static synchronized void release(HazelcastInstance instance) {
        Integer users = USERS.merge(instance, -1, Integer::sum);
        if (users != null && users <= 0) {
            USERS.remove(instance);
            STARTED_WITH.remove(instance);
            BY_KEY.values().removeIf(i -> i == instance);
            instance.shutdown();
        }
    }

    private static HazelcastInstance member(HazelcastSettings settings, Optional<String> memberEntry, ClassLoader loader) {
        Config config;
        try {
            config = settings.configFile().isPresent() ? memberConfig(settings.configFile().get())
                    : settings.fileless().orElseThrow().config();
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException("affinity setting 'hazelcast.config': cannot load the Hazelcast member configuration "
                    + settings.configFile().orElse(null) + ": " + e.getMessage(), e);
        }
        config.setClassLoader(loader);
        memberEntry.ifPresent(entry -> config.getMemberAttributeConfig().setAttribute(MEMBER_ATTRIBUTE, entry));
        SplitBrainGuard.configure(config, settings);
        JavaSerializationAllowList.apply(config.getSerializationConfig());
        HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
        layOutPartitions(instance);
        return instance;
    }

    /**
     * Has the cluster lay out its partition table now, as the member starts, rather than under the
     * first session write: Hazelcast lays it out on first use and sends it to the other members while
     * that first operation's backups are already on their way, and a member that has not yet received
     * the table ignores them, so the write would wait out the backup timeout and fail. Once laid out,
     * the table changes only through migrations, which Hazelcast orders with the backups.
     */
    private static void layOutPartitions(HazelcastInstance instance) {
        instance.getPartitionService().getPartition(MEMBER_ATTRIBUTE).getOwner();
    }

    private static HazelcastInstance client(HazelcastSettings settings, ClassLoader loader) {
        ClientConfig config;
        try {
            config = settings.configFile().isPresent() ? clientConfig(settings.configFile().get()) : ClientConfig.load();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("affinity setting 'hazelcast.config': cannot load the Hazelcast client configuration "
                    + settings.configFile().orElse(null) + ": " + e.getMessage(), e);
        }
        config.setClassLoader(loader);
        config.getConnectionStrategyConfig().setAsyncStart(true)
                .setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.ASYNC);
        if (config.getProperty(SplitBrainGuard.CLIENT_FAIL_ON_INDETERMINATE) == null
                && System.getProperty(SplitBrainGuard.CLIENT_FAIL_ON_INDETERMINATE) == null) {
            config.setProperty(SplitBrainGuard.CLIENT_FAIL_ON_INDETERMINATE, "true");
        }
        JavaSerializationAllowList.apply(config.getSerializationConfig());
        return HazelcastClient.newHazelcastClient(config);
    }

    /** The member configuration in {@code file}, a YAML or XML resource. */
    static Config memberConfig(ConfigResource file) {
        InputStream in = new ByteArrayInputStream(file.read("the Hazelcast member configuration"));
        return file.location().endsWith(".xml") ? new XmlConfigBuilder(in).build() : new YamlConfigBuilder(in).build();
    }

    private static ClientConfig clientConfig(ConfigResource file) throws IOException {
        InputStream in = new ByteArrayInputStream(file.read("the Hazelcast client configuration"));
        return file.location().endsWith(".xml") ? new XmlClientConfigBuilder(in).build() : new YamlClientConfigBuilder(in).build();
    }
}
