package dev.affinity.session;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * The backup map, obtained on first use: a client that started without the cluster cannot
 * create the map's proxy yet, so each use until then fails (and is retried by its caller).
 */
final class BackupMap {
    private final HazelcastInstance instance;
    private final String name;
    private volatile IMap<String, BackupRecord> map;

    BackupMap(HazelcastInstance instance, String name) {
        this.instance = instance;
        this.name = name;
    }

    /** The map; throws while Hazelcast is unreachable. */
    IMap<String, BackupRecord> get() {
        IMap<String, BackupRecord> current = map;
        if (current == null) {
            current = instance.getMap(name);
            map = current;
        }
        return current;
    }
}
