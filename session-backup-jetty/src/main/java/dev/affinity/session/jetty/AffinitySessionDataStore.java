package dev.affinity.session.jetty;

import dev.affinity.config.ConfigException;
import dev.affinity.config.SettingSources;
import dev.affinity.config.Settings;
import dev.affinity.logging.Log;
import dev.affinity.session.BackupCore;
import dev.affinity.session.BackupUnavailableException;
import dev.affinity.session.LiveCopies;
import dev.affinity.session.SessionBackupFilter;
import dev.affinity.session.WriteMode;
import jakarta.servlet.ServletContext;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.session.AbstractSessionDataStore;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.SessionIdManager;

/**
 * A Jetty 12 {@code SessionDataStore} on the toolkit's {@link BackupCore}: Jetty keeps the live copy
 * of each session in its {@link AffinitySessionCache} (memory), and this store is read only on a
 * cache miss, i.e. when the session was served by another node (failover), by
 * {@link BackupCore#read}. Its session data ({@link BackedUpSessionData}) records which attributes a
 * request set, removed or read, so a write sends only those attributes: each set or removed one,
 * and each read one whose value is not a JDK value type only when its serialized bytes differ from
 * those last written (the cost: serializing and digesting each such read attribute per write,
 * never the untouched ones). A request that changed nothing writes nothing, except the last access
 * once it is older than a quarter of the max inactive interval.
 *
 * <p>Expiry: Jetty's scavenger expires the sessions this node holds (asking {@link #doCheckExpired}),
 * which deletes their backups. The sessions of a node that died are left to the backup map's time to
 * live (the max inactive interval plus a grace period), so {@link #doGetExpired} and
 * {@link #doCleanOrphans} find nothing; when such an entry expires on this node's member, Jetty
 * invalidates the session, loaded from that last backup, and fires its listeners
 * ({@link #expiredInBackup}). Settings: the names of {@link BackupCore#settingNames()},
 * layered with the context's init-params, system properties, environment and {@code config} file.
 */
public class AffinitySessionDataStore extends AbstractSessionDataStore {
    private static final Log LOG = Log.of(AffinitySessionDataStore.class);
    private final Map<String, String> settings;
    /** This node's live copies by backup map key. */
    private final ConcurrentMap<String, BackedUpSessionData> copies = new ConcurrentHashMap<>();
    /** The backups that expired in the map, by session id, each held while Jetty invalidates its session. */
    private final ConcurrentMap<String, BackupCore.Backup> ended = new ConcurrentHashMap<>();
    private BackupCore core;
    private LiveCopies liveCopies;

    /**
     * A store with these settings (as the filter's, e.g. {@code self}, {@code secret}, {@code write-mode}).
     *
     * @throws ConfigException for a setting only the filter reads (Jetty configures its own sessions)
     */
    public AffinitySessionDataStore(Map<String, String> settings) {
        FilterOnlySettings.refuse(settings);
        this.settings = Map.copyOf(settings);
    }

    /** The cache whose copies the core reports as possibly out of date; set before the store starts. */
    void tell(LiveCopies cache) {
        this.liveCopies = cache;
    }

    @Override
    protected void doStart() throws Exception {
        if (liveCopies == null) {
            throw new ConfigException("AffinitySessionDataStore needs the AffinitySessionCache as the session cache of its context");
        }
        SessionIdManager ids = _context.getSessionManager().getSessionIdManager();
        if (!(ids instanceof AffinitySessionIdManager affinityIds)) {
            throw new ConfigException("AffinitySessionDataStore needs the AffinitySessionIdManager as the server's session id manager, found "
                    + (ids == null ? "none" : ids.getClass().getName()));
        }
        Context context = _context.getContext();
        ServletContext servletContext = context == null ? null : ServletContextHandler.getServletContext(context);
        Settings source = servletContext == null ? Settings.load(settings, BackupCore.settingNames())
                : Settings.load(settings, BackupCore.settingNames(), SettingSources.of(servletContext));
        Object hazelcast = servletContext == null ? null : servletContext.getAttribute(SessionBackupFilter.HAZELCAST_ATTRIBUTE);
        ClassLoader loader = context != null && context.getClassLoader() != null ? context.getClassLoader()
                : Thread.currentThread().getContextClassLoader();
        core = BackupCore.start(source, loader, hazelcast);
        try {
            affinityIds.useRoute(route(core));
            affinityIds.expireEvery(core.expiryInterval());
            core.serve(liveCopies);
            super.doStart();
            core.onLocalExpiry(this::expiredInBackup);
        } catch (Exception | Error e) {
            core.close();
            core = null;
            throw e;
        }
    }

    private static String route(BackupCore core) {
        try {
            return core.route();
        } catch (IllegalStateException e) {
            throw new ConfigException("self: the Jetty session store needs this node's route at start-up: "
                    + "set 'self' to the route name, or to this node's entry of 'members'");
        }
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        copies.clear();
        if (core != null) {
            core.close();
            core = null;
        }
    }

    /** The backup core, while the store runs (for its status and counters). */
    public BackupCore core() {
        return core;
    }

    @Override
    public boolean isPassivating() {
        return true;
    }

    @Override
    public SessionData newSessionData(String id, long created, long accessed, long lastAccessed, long maxInactiveMs) {
        BackedUpSessionData copy = new BackedUpSessionData(id, _context.getCanonicalContextPath(), _context.getVhost(),
                created, accessed, lastAccessed, maxInactiveMs);
        copies.put(core.mapKey(id), copy);
        return copy;
    }

    /**
     * Called on a cache miss: the session's backup as a new live copy, or {@code null} when there is
     * none (or the id is not one this toolkit issues, which is never looked up). For a session whose
     * backup just expired ({@link #expiredInBackup}), that backup, as a copy that is never written.
     *
     * @throws BackupUnavailableException when the backup cannot be read (answered {@code 503})
     */
    @Override
    public SessionData doLoad(String id) {
        BackupCore.Backup expired = ended.get(id);
        if (expired != null) {
            BackedUpSessionData copy = copyOf(id, expired);
            copy.markStale();
            return copy;
        }
        String key = BackupCore.keyOf(id);
        if (key == null) {
            return null;
        }
        Optional<BackupCore.Backup> backup = core.read(key, core.requestBudget());
        if (backup.isEmpty()) {
            return null;
        }
        BackedUpSessionData copy = copyOf(id, backup.get());
        copies.put(core.mapKey(id), copy);
        return copy;
    }

    private BackedUpSessionData copyOf(String id, BackupCore.Backup backup) {
        BackedUpSessionData copy = new BackedUpSessionData(id, _context.getCanonicalContextPath(), _context.getVhost(),
                backup.creationTime(), backup.lastAccessedTime(), backup.lastAccessedTime(), backup.maxInactiveSeconds() * 1000L);
        copy.restore(backup.attributesFor(copy));
        return copy;
    }

    /**
     * The backup of a session expired in the map on this node's member (its node died, and no other
     * took it over): unless this node holds the session, Jetty invalidates it as it does a session its
     * scavenger found expired ({@code SessionManager.invalidate(id)}): the cache loads it from that
     * backup ({@link #doLoad}), deletes it from the store, which holds no copy of it and writes nothing,
     * and the webapp's listeners hear {@code sessionDestroyed} and {@code valueUnbound} once.
     */
    private void expiredInBackup(BackupCore.Backup backup) {
        String id = backup.key();
        if (copies.containsKey(core.mapKey(id))) {
            return;
        }
        ended.put(id, backup);
        try {
            _context.getSessionManager().invalidate(id);
            LOG.debug("session {} of a departed node expired in the backup", id);
        } catch (Exception e) {
            LOG.warn("session {} of a departed node expired in the backup; its listeners could not be told: {}", id, e.toString());
        } finally {
            ended.remove(id, backup);
        }
    }

    /**
     * Hands the copy to the core at once, whatever Jetty's dirty flags say (the copy's delta knows
     * what changed): in sync mode the write is made now, in async mode it is queued. A write that is
     * not acknowledged drops the copy (the core tells the cache); nothing is thrown at Jetty, which
     * would only log it after the response.
     */
    @Override
    public void store(String id, SessionData data) throws Exception {
        doStore(id, data, data.getLastSaved());
    }

    @Override
    public void doStore(String id, SessionData data, long lastSaveTime) {
        if (!(data instanceof BackedUpSessionData copy) || !copy.live() || copy.stale()) {
            return;
        }
        followRename(copy);
        core.requestDone(copy, core.requestBudget());
        data.setLastSaved(System.currentTimeMillis());
        data.clean();
    }

    /** Writes {@code copy}'s changes now (sync mode, before the response is sent): whether they are acknowledged. */
    boolean writeNow(BackedUpSessionData copy) {
        if (!copy.live() || copy.stale()) {
            return true;
        }
        followRename(copy);
        return core.writeNow(copy, core.requestBudget());
    }

    /** After {@code changeSessionId()}: the copy's next write deletes the entry of its old id and writes it whole under the new one. */
    private void followRename(BackedUpSessionData copy) {
        String oldId = copy.takeRenamedFrom();
        if (oldId != null) {
            core.moved(copy, oldId);
            copies.remove(core.mapKey(oldId), copy);
            copies.put(core.mapKey(copy.getId()), copy);
        }
    }

    /**
     * Jetty deletes a session's data when it is invalidated (or expired) and, under its old id, when
     * {@code changeSessionId()} gave it a new one: the first queues the delete of the backup; the
     * second is left to the next write of the renamed copy, which deletes the old entry.
     */
    @Override
    public boolean delete(String id) {
        BackedUpSessionData copy = copies.remove(core.mapKey(id));
        if (copy == null || !copy.getId().equals(id)) {
            return copy != null;
        }
        copy.invalidated();
        if (!copy.stale()) {
            core.submit(copy);
        }
        return true;
    }

    /** The backup of session {@code id} as this request may read it. */
    Optional<BackupCore.Backup> backup(String id) {
        String key = BackupCore.keyOf(id);
        return key == null ? Optional.empty() : core.read(key, core.requestBudget());
    }

    /** The live copy whose backup is under {@code mapKey}, if this node holds one. */
    Optional<BackedUpSessionData> copyAt(String mapKey) {
        return Optional.ofNullable(copies.get(mapKey));
    }

    /** Every live copy this node holds. */
    Iterable<BackedUpSessionData> copies() {
        return copies.values();
    }

    /** Forgets {@code copy}: it can no longer be backed up. */
    void forget(BackedUpSessionData copy) {
        copies.remove(core.mapKey(copy.getId()), copy);
    }

    boolean sync() {
        return core.writeMode() == WriteMode.SYNC;
    }

    @Override
    public boolean doExists(String id) {
        BackedUpSessionData copy = copies.get(core.mapKey(id));
        if (copy != null) {
            return !copy.isExpiredAt(System.currentTimeMillis());
        }
        try {
            return backup(id).isPresent();
        } catch (BackupUnavailableException e) {
            return false;
        }
    }

    /** Of the sessions Jetty's timers found idle, those whose live copy here expired. */
    @Override
    public Set<String> doCheckExpired(Set<String> candidates, long time) {
        return candidates.stream().filter(id -> {
            BackedUpSessionData copy = copies.get(core.mapKey(id));
            return copy != null && copy.isExpiredAt(time);
        }).collect(Collectors.toSet());
    }

    /** None: a dead node's sessions expire in the backup map by its time to live. */
    @Override
    public Set<String> doGetExpired(long before) {
        return Set.of();
    }

    /** Nothing to clean: the backup map's time to live removes orphans. */
    @Override
    public void doCleanOrphans(long time) {
        // the entries of sessions no node holds expire by the map's time to live
    }
}
