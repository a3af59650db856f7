package dev.affinity.session;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * A Hazelcast map obtained on first use: a client that started without the cluster cannot create
 * the map's proxy yet, so each use until then fails (and is retried by its caller).
 */
final class LazyMap<V> {
    private final HazelcastInstance instance;
    private final String name;
    private volatile IMap<String, V> map;

    LazyMap(HazelcastInstance instance, String name) {
        this.instance = instance;
        this.name = name;
    }

    /** The map; throws while Hazelcast is unreachable. */
    IMap<String, V> get() {
        IMap<String, V> current = map;
        if (current == null) {
            current = instance.getMap(name);
            map = current;
        }
        return current;
    }
}
