package dev.affinity.client;

import com.hazelcast.core.HazelcastInstance;
import dev.affinity.config.ConfigException;
import dev.affinity.routing.KeyChain;
import dev.affinity.routing.Strategy;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where and how a client learns the farm, as both clients' builders are told it: the ring endpoint
 * of seed nodes, or Hazelcast membership; the key rules and placement; how often the ring is read.
 * It checks each setting as it is given, and makes the started {@link RingFollower}. Only
 * {@link #hazelcast(HazelcastInstance)} and a follower of Hazelcast need Hazelcast on the class path.
 */
final class RingOptions {
    private final List<URI> seeds = new ArrayList<>();
    private String key;
    private Strategy strategy;
    private Duration refreshEvery = Duration.ofSeconds(5);
    private Duration ringTimeout;
    private String ringPath;
    private HazelcastInstance hazelcast;

    RingOptions(URI node) {
        seeds.add(Objects.requireNonNull(node, "node"));
    }

    void seeds(URI... nodes) {
        seeds.addAll(List.of(nodes));
    }

    void key(String spec) {
        try {
            KeyChain.parse("key", spec, 256, "JSESSIONID");
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        this.key = spec;
    }

    void refreshEvery(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("the ring's refresh period must be positive: " + period);
        }
        this.refreshEvery = period;
    }

    void ringTimeout(Duration timeout) {
        this.ringTimeout = timeout;
    }

    void ringPath(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("the ring path must start with '/': " + path);
        }
        this.ringPath = path;
    }

    void hazelcast(HazelcastInstance cluster) {
        this.hazelcast = Objects.requireNonNull(cluster, "cluster");
    }

    void strategy(Strategy placement) {
        this.strategy = Objects.requireNonNull(placement, "placement");
    }

    /**
     * The ring, read at once (a failure is logged: it is read again at the first request), then
     * every refresh period and whenever the source says it changed.
     *
     * @param ringReader the client that reads the ring endpoint (not asked for with Hazelcast)
     * @throws IllegalStateException when the ring is read from the nodes and a strategy is given,
     *                               or from Hazelcast and seeds or ring endpoint settings are
     */
    RingFollower follow(Supplier<HttpClient> ringReader) {
        RingFollower follower = new RingFollower(hazelcast != null ? hazelcastRing() : endpointRing(ringReader.get()), key);
        follower.start(refreshEvery);
        return follower;
    }

    private RingSource endpointRing(HttpClient http) {
        if (strategy != null) {
            throw new IllegalStateException("strategy(...) is for hazelcast(...): the ring endpoint names the farm's strategy");
        }
        return new EndpointRing(http, seeds, ringPath != null ? ringPath : "/affinity/ring",
                ringTimeout != null ? ringTimeout : Duration.ofSeconds(2));
    }

    private RingSource hazelcastRing() {
        if (seeds.size() > 1 || ringPath != null || ringTimeout != null) {
            throw new IllegalStateException("seeds(...), ringPath(...) and ringTimeout(...) read the ring endpoint: "
                    + "not with hazelcast(...), which follows the cluster's members");
        }
        return new HazelcastRing(hazelcast, key, strategy, seeds.get(0).getRawPath());
    }
}
