package dev.affinity.session;

import com.hazelcast.core.HazelcastInstance;
import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import dev.affinity.logging.Log;
import dev.affinity.session.protection.BackupProtection;
import dev.affinity.session.serialization.AllowList;
import dev.affinity.session.serialization.AttributeCodec;
import dev.affinity.session.serialization.Codec;
import dev.affinity.session.serialization.JavaSerializationCodec;
import dev.affinity.session.serialization.JsonCodec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The session backup core that every front door shares (the {@link SessionBackupFilter}, the Tomcat
 * {@code Manager}, the Jetty {@code SessionDataStore}): the Hazelcast instance and its backup map,
 * the sealing of what the map holds, the delta writes (sync or async, versioned), the reads on
 * failover and the watch for other nodes taking sessions over. A front door keeps the live copies
 * ({@link BackedUpSession}), tells the core when a request is done with one, and is told
 * ({@link LiveCopies}) when a copy may be out of date.
 */
public final class BackupCore implements AutoCloseable {
    private static final Log LOG = Log.of(BackupCore.class);

    private final SessionSettings settings;
    private final HazelcastInstance hazelcast;
    private final boolean ownHazelcast;
    private final ClusterWatch cluster;
    private final ClusterSafety safety;
    private final BackupStore store;
    private final SessionRestorer restorer;
    private final DeltaBuilder deltas;
    private final BackupStats stats = new BackupStats();
    private final Supplier<String> route;
    private BackupWriter writer;
    private TakeOverWatch takeOvers;
    private Runnable stopExpiryListener;

    BackupCore(SessionSettings settings, ClassLoader loader, Object suppliedHazelcast) {
        this.settings = settings;
        this.ownHazelcast = suppliedHazelcast == null;
        NodeSelf self = settings.self();
        this.route = () -> self.route().orElseThrow(() -> new IllegalStateException("this node's route is not known yet"));
        AllowList allowList = new AllowList(settings.allow(), settings.maxAttributeBytes());
        AttributeCodec codec = settings.codec() == Codec.JSON
                ? new JsonCodec(allowList, loader) : new JavaSerializationCodec(allowList, loader);
        this.hazelcast = ownHazelcast ? SharedHazelcast.acquire(settings.hazelcast(), self.route().orElse(""), self.memberEntry(), loader)
                : applicationHazelcast(suppliedHazelcast, settings.hazelcast().map());
        this.cluster = new ClusterWatch(hazelcast, settings.hazelcast().expectedMembers());
        this.safety = new ClusterSafety(hazelcast);
        String map = settings.hazelcast().map();
        this.store = settings.apply() == ApplyMode.MAP_OPERATIONS
                ? new MapOperationsStore(hazelcast, map) : new EntryProcessorStore(hazelcast, map);
        this.restorer = new SessionRestorer(store, settings.protection(), settings.maxAttributeBytes(), codec,
                settings.readTimeout(), stats);
        this.deltas = new DeltaBuilder(codec, settings.dirtyPolicy(), route, settings.protection());
    }

    /**
     * Starts the core from {@code source} (the session settings, as {@link #settingNames()} lists them),
     * decoding attributes with {@code loader} (the webapp's), on {@code suppliedHazelcast} (an
     * application's {@code HazelcastInstance}, used as it is) or, when it is {@code null}, on a
     * Hazelcast of its own as the {@code hazelcast.*} settings say. It writes nothing until
     * {@link #serve} is called.
     *
     * @throws ConfigException naming a bad setting and what it accepts
     */
    public static BackupCore start(Settings source, ClassLoader loader, Object suppliedHazelcast) {
        return new BackupCore(SessionSettings.from(source, suppliedHazelcast != null), loader, suppliedHazelcast);
    }

    /** The names of the settings {@link #start} reads. */
    public static Set<String> settingNames() {
        return SessionSettings.NAMES;
    }

    /** Starts writing, and tells {@code copies} when another node may have written one of its sessions. */
    public void serve(LiveCopies copies) {
        writer = new BackupWriter(store, deltas, stats, settings, copies);
        takeOvers = new TakeOverWatch(hazelcast, store, deltas.writer(), copies);
    }

    /**
     * Calls {@code expired} with the backup of each session whose entry expires on this JVM's own
     * embedded member: its idle time ran out in the map while no node wrote it (its node died, and no
     * other took it over), so the member that owned the entry hears of it, once for the cluster. The
     * record is opened first (one that fails authentication is logged, counted and left out); the
     * front door fires the session's listeners, unless it holds the session live. A Hazelcast client,
     * or {@code hazelcast.apply=map-operations}, hears of none (see {@link BackupStore#onLocalExpiry}).
     */
    public void onLocalExpiry(Consumer<Backup> expired) {
        if (settings.hazelcast().mode() == HazelcastMode.EMBEDDED) {
            stopExpiryListener = store.onLocalExpiry((mapKey, record) -> {
                if (record != null) {
                    restorer.open(mapKey, record)
                            .ifPresent(opened -> expired.accept(new Backup(opened.metadata().sessionKey(), opened, false)));
                }
            });
        }
    }

    /** The application's instance, used as it is; what it lacks of the toolkit's own protections is logged. */
    private static HazelcastInstance applicationHazelcast(Object supplied, String map) {
        if (!(supplied instanceof HazelcastInstance instance)) {
            throw new ConfigException("the servlet-context attribute '" + SessionBackupFilter.HAZELCAST_ATTRIBUTE + "' holds a "
                    + supplied.getClass().getName() + ": it accepts a com.hazelcast.core.HazelcastInstance");
        }
        LOG.info("session-backup: using the application's Hazelcast instance {}", instance.getName());
        SplitBrainGuard.warnIfUnguarded(instance, map);
        JavaSerializationAllowList.warnIfUnfiltered(instance);
        return instance;
    }

    public WriteMode writeMode() {
        return settings.writeMode();
    }

    /** How often idle sessions are looked for and expired ({@code expiry.interval}). */
    public Duration expiryInterval() {
        return settings.expiryInterval();
    }

    /** A request's budget for the backup map: {@code write-timeout} in sync mode, {@code read-timeout} in async mode. */
    public Budget requestBudget() {
        return Budget.of(settings.writeMode() == WriteMode.SYNC ? settings.writeTimeout() : settings.readTimeout());
    }

    /** This node's route, once known. */
    public String route() {
        return route.get();
    }

    /** The id this node issues for the random part {@code key}: {@code <key>.<route>}. */
    public String idFor(String key) {
        return key + "." + route.get();
    }

    /** A fresh random part of an id. */
    public static String newKey() {
        return SessionIds.newKey();
    }

    /** The random part of a well-formed id, or {@code null} for anything else (never looked up). */
    public static String keyOf(String id) {
        return SessionIds.keyOf(id);
    }

    /** The route of an id, or {@code null} when it has none. */
    public static String routeOf(String id) {
        return SessionIds.routeOf(id);
    }

    /** The map key the backup of session {@code key} is written under (what {@link LiveCopies#writtenElsewhere} names). */
    public String mapKey(String key) {
        return settings.protection().mapKey(key);
    }

    /**
     * Backs up what {@code copy}'s request changed: in sync mode now, within {@code budget}, answering
     * whether it is acknowledged (a copy that is not is {@linkplain LiveCopies#dropped dropped}); in
     * async mode it is queued, and this answers {@code true}.
     */
    public boolean requestDone(BackedUpSession copy, Budget budget) {
        if (settings.writeMode() == WriteMode.SYNC) {
            return writer.writeNow(copy, budget);
        }
        writer.submit(copy);
        return true;
    }

    /** Writes {@code copy}'s changes now, within {@code budget}, whatever the mode; whether they are acknowledged. */
    public boolean writeNow(BackedUpSession copy, Budget budget) {
        return writer.writeNow(copy, budget);
    }

    /** Queues a write of {@code copy}'s changes (an invalidated copy's: the delete of its backup). */
    public void submit(BackedUpSession copy) {
        writer.submit(copy);
    }

    /**
     * The backup of session {@code key}, read within {@code budget}: empty when there is none or it expired.
     *
     * @throws BackupUnavailableException when it cannot be read (no answer in time, or it failed authentication)
     */
    public Optional<Backup> read(String key, Budget budget) {
        Optional<OpenedRecord> record = restorer.read(key, budget);
        if (record == null) {
            throw new BackupUnavailableException(key);
        }
        return record.filter(r -> !r.expiredAt(System.currentTimeMillis())).map(r -> new Backup(key, r, true));
    }

    /** What a front door does with the session a request asks for: see {@link #check}. */
    public enum Verdict {
        /** Serve this node's copy (re-issued under this node's id when the request named another route). */
        USE_COPY,
        /** Replace this node's copy, if any, by the backup ({@link Check#backup()}), made live here under this node's id. */
        USE_BACKUP,
        /** The session is gone (no backup, or it expired): forget this node's copy, if any; the request has no session. */
        NONE
    }

    /** The {@link Verdict} on a requested session, with the backup read for it, when one was. */
    public record Check(Verdict verdict, Optional<Backup> backup) {
        private static final Check COPY = new Check(Verdict.USE_COPY, Optional.empty());
        private static final Check NONE = new Check(Verdict.NONE, Optional.empty());
    }

    /**
     * The one rule every front door follows for a request that asks for session {@code key}, of which
     * this node holds {@code copy} (or {@code null}): the copy is trusted as it is only when the request's
     * id carries this node's route ({@code ownRoute}) and nothing made it suspect (members lost, a merge,
     * another node's write); otherwise the backup is read within {@code budget}, and the copy is kept when
     * its version is the backup's or newer, else replaced by the backup. A backup gone while this node
     * holds a suspect copy under its own route is written whole again from the copy. When the backup
     * cannot be read, a copy that is not suspect is served, and a suspect one only in async mode.
     *
     * @throws BackupUnavailableException when the backup must be read, cannot be, and no copy may stand in for it
     */
    public Check check(BackedUpSession copy, String key, boolean ownRoute, Budget budget) {
        boolean suspect = copy != null && copy.delta().suspect();
        if (copy != null && ownRoute && !suspect) {
            return Check.COPY;
        }
        if (suspect) {
            copy.delta().suspect(false);
        }
        Optional<Backup> backup;
        try {
            backup = read(key, budget);
        } catch (BackupUnavailableException e) {
            if (suspect) {
                copy.delta().suspect(true);
            }
            if (copy != null && (!suspect || settings.writeMode() == WriteMode.ASYNC)) {
                return Check.COPY;
            }
            LOG.warn("the backup of session {} cannot be read right now: answered 503", key);
            throw e;
        }
        if (backup.isEmpty()) {
            if (copy != null && suspect && ownRoute) {
                LOG.info("the backup of session {} is gone while this node holds it; it is written whole again", key);
                return Check.COPY;
            }
            return Check.NONE;
        }
        if (copy != null && copy.delta().version() >= backup.get().version()) {
            return Check.COPY;
        }
        return new Check(Verdict.USE_BACKUP, backup);
    }

    /** Whether {@code requestedId} carries this node's route. */
    public boolean ownRoute(String requestedId) {
        return route().equals(routeOf(requestedId));
    }

    /** {@code copy} moved from the random part {@code oldKey} ({@code changeSessionId()}): its old entry is deleted and it is written whole with its next write. */
    public void moved(BackedUpSession copy, String oldKey) {
        SessionDelta delta = copy.delta();
        synchronized (delta) {
            delta.moved(mapKey(oldKey), copy.attributeNames());
        }
    }

    public BackupStats stats() {
        return stats;
    }

    HazelcastInstance hazelcast() {
        return hazelcast;
    }

    BackupWriter writer() {
        return writer;
    }

    SessionRestorer restorer() {
        return restorer;
    }

    /** The backup's state for a status page: Hazelcast, the cluster, the writes and the counters. */
    public Map<String, Object> status() {
        Map<String, Object> body = new LinkedHashMap<>();
        Optional<String> shortfall = cluster.shortfall();
        Optional<String> degraded = degradedReason();
        body.put("hazelcast", degraded.isPresent() || shortfall.isPresent() ? "degraded" : "up");
        degraded.ifPresent(reason -> body.put("reason", reason));
        shortfall.ifPresent(reason -> body.put("redundancy", reason));
        body.put("mode", settings.hazelcast().mode().name().toLowerCase());
        body.put("writeMode", settings.writeMode().name().toLowerCase());
        body.put("clusterSize", cluster.size());
        body.put("expectedMembers", cluster.expected());
        body.put("membersLostSinceStart", cluster.lostSinceStart());
        body.put("clusterSafe", safety.current());
        body.put("pendingWrites", writer.pending());
        body.putAll(stats.asMap());
        return body;
    }

    /** Why the backup map cannot take changes now, if it cannot. */
    private Optional<String> degradedReason() {
        if (!hazelcast.getLifecycleService().isRunning()) {
            return Optional.of("hazelcast stopped");
        }
        Optional<String> minority = SplitBrainGuard.minority(hazelcast, settings.hazelcast());
        if (minority.isPresent() || !writer.degraded()) {
            return minority;
        }
        return Optional.of("writes failing: " + writer.lastFailure());
    }

    /** Writes what is queued (for at most about two write timeouts), removes the listeners, and releases its own Hazelcast. */
    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
        if (takeOvers != null) {
            takeOvers.close();
        }
        if (stopExpiryListener != null && hazelcast.getLifecycleService().isRunning()) {
            stopExpiryListener.run();
        }
        cluster.close();
        safety.close();
        if (ownHazelcast) {
            SharedHazelcast.release(hazelcast);
        }
    }

    /**
     * A session's backup, authenticated, its values not yet decoded: as read on a cache miss
     * (failover), or as it expired in the map ({@link #onLocalExpiry}).
     */
    public final class Backup {
        private final String key;
        private final OpenedRecord record;
        private final boolean read;

        private Backup(String key, OpenedRecord record, boolean read) {
            this.key = key;
            this.record = record;
            this.read = read;
        }

        /** The random part of the session's id. */
        public String key() {
            return key;
        }

        /** The session's id as its last writer issued it: {@code <key>.<route>}. */
        public String id() {
            return key + "." + record.metadata().route();
        }

        public long creationTime() {
            return record.metadata().creationTime();
        }

        public long lastAccessedTime() {
            return record.metadata().lastAccessedTime();
        }

        public int maxInactiveSeconds() {
            return record.metadata().maxInactiveSeconds();
        }

        /** The authenticated record, for the filter's own restore. */
        OpenedRecord record() {
            return record;
        }

        /** The version of its last write. */
        public long version() {
            return record.version();
        }

        /**
         * The attributes, decoded for {@code copy}, a new copy of the session made from this backup:
         * its delta takes the backup's version, and records as removed each attribute refused on
         * decoding (see {@link SessionRestorer#decode}). A backup read on a cache miss counts as restored.
         *
         * @throws BackupUnavailableException when decoding raised an {@link Error}
         */
        public Map<String, Object> attributesFor(BackedUpSession copy) {
            Map<String, Object> values = restorer.decode(key, copy.getId(), record, copy.delta());
            if (read) {
                stats.restored.incrementAndGet();
            }
            return values;
        }
    }
}
