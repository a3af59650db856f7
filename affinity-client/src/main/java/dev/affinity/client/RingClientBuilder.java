package dev.affinity.client;

import com.hazelcast.core.HazelcastInstance;
import dev.affinity.routing.Strategy;
import java.net.URI;
import java.time.Duration;

/**
 * What the builders of both clients ({@link AffinityHttpClient.Builder}, {@link AffinityJettyClient.Builder})
 * are told alike: where and how the client learns the farm. Only {@link #hazelcast(HazelcastInstance)}
 * needs Hazelcast on the class path.
 *
 * @param <B> the builder itself, returned by each setter
 */
public abstract class RingClientBuilder<B extends RingClientBuilder<B>> {
    final RingOptions ring;

    RingClientBuilder(URI node) {
        ring = new RingOptions(node);
    }

    abstract B self();

    /** More nodes (base URL and context path) to read the ring from when the first does not answer. */
    public B seeds(URI... nodes) {
        ring.seeds(nodes);
        return self();
    }

    /** The key chain to use instead of the farm's {@code key} setting, e.g. {@code param:id,session}. */
    public B key(String spec) {
        ring.key(spec);
        return self();
    }

    /** How often the ring is read again (default 5 s; it is also read again at once when a response shows it changed). */
    public B refreshEvery(Duration period) {
        ring.refreshEvery(period);
        return self();
    }

    /** The longest one read of the ring may take (default 2 s). */
    public B ringTimeout(Duration timeout) {
        ring.ringTimeout(timeout);
        return self();
    }

    /** The ring endpoint's path under the context path, the nodes' {@code ring.path} (default {@code /affinity/ring}). */
    public B ringPath(String path) {
        ring.ringPath(path);
        return self();
    }

    /**
     * Learns the farm from the Hazelcast cluster that {@code cluster} (typically the caller's
     * Hazelcast client) is part of, rather than from a node's ring endpoint: the ring's members
     * are the cluster's members that publish their routing entry (the nodes' {@code
     * members=hazelcast}), and one that joins or leaves the cluster joins or leaves the ring at
     * once. The builder's URI then gives only the context path ({@code http://farm/shop} will
     * do); the key rules are {@link #key(String)}'s and the placement {@link #strategy(Strategy)}'s,
     * by default the nodes' defaults. Needs the {@code session-backup} and {@code hazelcast} jars;
     * the instance stays the caller's (closing the client leaves it running).
     */
    public B hazelcast(HazelcastInstance cluster) {
        ring.hazelcast(cluster);
        return self();
    }

    /** The nodes' {@code strategy} setting, with {@link #hazelcast(HazelcastInstance)} (default rendezvous); the ring endpoint names the farm's own. */
    public B strategy(Strategy placement) {
        ring.strategy(placement);
        return self();
    }
}
