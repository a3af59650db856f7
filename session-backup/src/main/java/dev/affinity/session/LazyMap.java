package dev.affinity.session;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.MapListener;
import com.hazelcast.query.Predicate;
import dev.affinity.logging.Log;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A Hazelcast map obtained on first use: a client that started without the cluster cannot create
 * the map's proxy yet, so each use until then fails (and is retried by its caller). Actions to take
 * once the map exists (registering listeners) run as soon as it does. Writes through it fail when
 * their backups are not acknowledged ({@link SplitBrainGuard#failUnconfirmedWrites}).
 */
final class LazyMap<V> {
    private static final Log LOG = Log.of(LazyMap.class);

    private final HazelcastInstance instance;
    private final String name;
    private final List<Consumer<IMap<String, V>>> onCreate = new CopyOnWriteArrayList<>();
    private volatile IMap<String, V> map;

    LazyMap(HazelcastInstance instance, String name) {
        this.instance = instance;
        this.name = name;
    }

    /** The map; throws while Hazelcast is unreachable. */
    IMap<String, V> get() {
        IMap<String, V> current = map;
        return current != null ? current : create();
    }

    /**
     * Registers {@code listener} for the entries matching {@code predicate}, now or once the map can be had.
     *
     * @return what removes the registration
     */
    Runnable listen(MapListener listener, Predicate<String, V> predicate, boolean includeValue) {
        AtomicReference<UUID> registration = new AtomicReference<>();
        whenCreated(m -> registration.set(m.addEntryListener(listener, predicate, includeValue)));
        return () -> {
            UUID id = registration.get();
            if (id != null) {
                get().removeEntryListener(id);
            }
        };
    }

    /** Runs {@code action} on the map now if it can be had, else as soon as it is first obtained. */
    synchronized void whenCreated(Consumer<IMap<String, V>> action) {
        onCreate.add(action);
        if (map != null) {
            run(action, map);
            return;
        }
        try {
            create();
        } catch (RuntimeException e) {
            LOG.debug("the map {} is not available yet: {}", name, e.toString());
        }
    }

    private synchronized IMap<String, V> create() {
        if (map == null) {
            IMap<String, V> created = instance.getMap(name);
            SplitBrainGuard.failUnconfirmedWrites(instance, created);
            map = created;
            onCreate.forEach(action -> run(action, created));
        }
        return map;
    }

    private void run(Consumer<IMap<String, V>> action, IMap<String, V> target) {
        try {
            action.accept(target);
        } catch (RuntimeException e) {
            LOG.warn("cannot register with the map {}: {}", name, e.toString());
        }
    }
}
