package dev.affinity.session;

import dev.affinity.logging.Log;
import dev.affinity.routing.PeerHttp;
import dev.affinity.session.protection.BackupProtection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This node's live sessions: creates them, finds them (locally, else from the backup, after which
 * this node holds the live copy under an id re-issued with its own route), invalidates and expires
 * them, changes their ids and fires the listeners. A local copy is trusted as it is only for ids
 * carrying this node's route, and only until this node hears that another node may have written
 * the session (a map event, lost members, a merge after a split); otherwise it is checked against
 * the backup's version first, so a node whose sessions moved away does not serve its stale copies.
 * An id that neither this node nor the backup knows is never adopted: a new session gets a fresh
 * id. At most {@code max-sessions} sessions live here; beyond, no new one is created. While the
 * node drains, a {@link SessionHandover} writes and releases each session as its request ends.
 */
final class SessionManager implements LiveCopies, AutoCloseable {
    private static final Log LOG = Log.of(SessionManager.class);

    private final ServletContext context;
    private final SessionIds ids;
    private final SessionListeners listeners;
    private final BackupCore core;
    private final SessionRestorer restorer;
    private final BackupProtection protection;
    private final int maxSessions;
    private final RateLimitedWarning full = new RateLimitedWarning(LOG, Duration.ofSeconds(10));
    private final BackupStats stats;
    private final int defaultMaxInactive;
    private final LocalSessions sessions;
    private final ScheduledExecutorService expiry;
    private BackupWriter writer;
    private WriteMode mode;
    private volatile SessionHandover handover;

    SessionManager(ServletContext context, SessionIds ids, SessionListeners listeners, BackupCore core,
                   SessionSettings settings, int defaultMaxInactive) {
        this.context = context;
        this.ids = ids;
        this.listeners = listeners;
        this.core = core;
        this.restorer = core.restorer();
        this.protection = settings.protection();
        this.sessions = new LocalSessions(protection);
        this.maxSessions = settings.maxSessions();
        this.stats = core.stats();
        long expiryIntervalMillis = settings.expiryInterval().toMillis();
        this.defaultMaxInactive = defaultMaxInactive;
        this.expiry = Executors.newSingleThreadScheduledExecutor(PeerHttp.daemonThreads("affinity-session-expiry"));
        expiry.scheduleWithFixedDelay(this::expireIdle, expiryIntervalMillis, expiryIntervalMillis, TimeUnit.MILLISECONDS);
    }

    void writeWith(BackupWriter writer, WriteMode mode) {
        this.writer = writer;
        this.mode = mode;
    }

    ServletContext servletContext() {
        return context;
    }

    int size() {
        return sessions.size();
    }

    /** The sessions held here now. */
    List<BackupSession> sessions() {
        return List.copyOf(sessions.values());
    }

    /** While this node drains, {@code handover} takes each session as its request ends; {@code null} when it serves. */
    void handOverWith(SessionHandover handover) {
        this.handover = handover;
    }

    /** Forgets this node's copy of {@code session}: handed over, it lives on in the backup. */
    void release(BackupSession session) {
        sessions.remove(session.key(), session);
    }

    /**
     * A new session with a fresh id, registered and announced.
     *
     * @throws SessionLimitException when this node already holds {@code max-sessions} sessions
     */
    BackupSession create() {
        if (sessions.size() >= maxSessions) {
            stats.refusedSessions.incrementAndGet();
            full.warn("no new session: this node holds max-sessions=" + maxSessions + " sessions; answered 503");
            throw new SessionLimitException(maxSessions);
        }
        String key = SessionIds.newKey();
        long now = System.currentTimeMillis();
        BackupSession session = new BackupSession(this, key, ids.idFor(key), now, now, defaultMaxInactive, true);
        sessions.put(session);
        listeners.created(session);
        return session;
    }

    /**
     * The valid session of a requested id, or {@code null}, looking at the backup map within
     * {@code budget} when this node's copy cannot be trusted as it is. When the backup cannot be read,
     * a copy that may be stale is served only in async mode (which answers from memory while the
     * backup is out of reach); sync mode answers {@code 503} rather than risk a stale answer.
     *
     * @throws BackupUnavailableException when the backup must be read and cannot be, and no copy here may stand in for it
     */
    BackupSession find(String requestedId, Budget budget) {
        String key = SessionIds.keyOf(requestedId);
        if (key == null) {
            return null;
        }
        BackupSession held = sessions.get(key);
        if (held != null && held.expiredAt(System.currentTimeMillis())) {
            expire(held);
            return null;
        }
        boolean ownRoute = ids.route().equals(SessionIds.routeOf(requestedId));
        if (held != null && !held.live() && ownRoute && !held.delta().suspect()) {
            return null;
        }
        BackupSession local = held != null && held.live() ? held : null;
        BackupCore.Check check = core.check(local, key, ownRoute, budget);
        if (check.verdict() == BackupCore.Verdict.USE_COPY) {
            return reissued(local);
        }
        if (check.verdict() == BackupCore.Verdict.NONE) {
            if (held != null) {
                sessions.remove(key, held);
            }
            return null;
        }
        BackupSession restored = restorer.restore(this, key, ids.idFor(key), check.backup().orElseThrow().record());
        restored.reissue(ids.idFor(key));
        if (held == null) {
            BackupSession raced = sessions.putIfAbsent(restored);
            return raced != null ? raced : restored;
        }
        sessions.put(restored);
        held.delta().drop();
        LOG.info("session {} was written elsewhere since this node's copy; the copy was replaced by the backup", key);
        return restored;
    }

    private BackupSession reissued(BackupSession session) {
        if (!session.getId().equals(ids.idFor(session.key()))) {
            session.reissue(ids.idFor(session.key()));
        }
        return session;
    }

    /** The request that used {@code session} finished: back up its changes (in sync mode within {@code budget}). */
    void requestDone(BackupSession session, Budget budget) {
        session.endRequest();
        SessionHandover draining = handover;
        if (draining != null) {
            draining.handOver(session);
        } else if (mode == WriteMode.SYNC) {
            writer.writeNow(session, budget);
        } else {
            writer.submit(session);
        }
    }

    /** A new id for {@code session} (session-fixation protection); the backup entry moves with it. */
    String changeId(BackupSession session) {
        String oldId = session.getId();
        String oldKey = session.key();
        String newKey = SessionIds.newKey();
        SessionDelta state = session.delta();
        synchronized (state) {
            state.moved(protection.mapKey(oldKey), session.attributeNames());
            session.changeId(newKey, ids.idFor(newKey));
            sessions.put(session);
            sessions.remove(oldKey, session);
        }
        listeners.idChanged(session, oldId);
        return session.getId();
    }

    void invalidate(BackupSession session) {
        if (!session.markInvalidFirstPhase()) {
            return;
        }
        listeners.destroyed(session);
        session.clearAttributes().forEach((name, value) -> unbound(session, name, value));
        session.finishInvalidation();
        sessions.remove(session.key(), session);
        writer.submit(session);
    }

    /**
     * A backup entry owned by this member expired in the map: if no node held the session live (its
     * node died), fire {@code sessionDestroyed} and the unbinding events here, once for the cluster,
     * under the id its last writer issued (from the record's sealed metadata: the map key is only its hash).
     */
    void expiredInBackup(BackupCore.Backup backup) {
        if (sessions.containsKey(backup.key())) {
            return;
        }
        BackupSession session;
        try {
            session = restorer.rebuild(this, backup.key(), backup.id(), backup.record());
        } catch (BackupUnavailableException e) {
            return;
        }
        session.markInvalidFirstPhase();
        listeners.destroyed(session);
        session.clearAttributes().forEach((name, value) -> unbound(session, name, value));
        session.finishInvalidation();
        LOG.debug("session {} of a departed node expired in the backup", session.getId());
    }

    /** While this node drains, hands over a copy once its queued changes are written. */
    @Override
    public void backedUp(BackedUpSession copy) {
        SessionHandover draining = handover;
        if (draining != null && copy instanceof BackupSession session) {
            draining.written(session);
        }
    }

    /** Drops a copy whose changes cannot be backed up (the backup was written by another copy since, or did not answer). */
    @Override
    public void dropped(BackedUpSession session) {
        if (sessions.remove(session.key(), session)) {
            stats.droppedCopies.incrementAndGet();
        }
    }

    /**
     * Another node wrote the session whose backup is under {@code mapKey} (it took the session over,
     * or the entry was merged after a split): this node's copy, if any, is dropped at once when no
     * request uses it and no change of it waits to be written; otherwise it is checked against the
     * backup before its next use.
     */
    @Override
    public void writtenElsewhere(String mapKey) {
        BackupSession local = sessions.byMapKey(mapKey).orElse(null);
        if (local == null) {
            return;
        }
        local.delta().suspect(true);
        if (local.idle()) {
            local.delta().drop();
            dropped(local);
        }
    }

    /**
     * The cluster lost members, or merged after a split: another node may have taken any session
     * over meanwhile, unheard of here, so every copy is checked against the backup before its next use.
     */
    @Override
    public void suspectAll() {
        sessions.values().forEach(session -> session.delta().suspect(true));
    }

    void beforeBind(BackupSession session, String name, Object value) {
        Object current = session.rawAttribute(name);
        if (value instanceof HttpSessionBindingListener listener && current != value) {
            SessionListeners.safely(() -> listener.valueBound(new HttpSessionBindingEvent(session, name, value)));
        }
    }

    void afterSet(BackupSession session, String name, Object value, Object old) {
        if (old != null && old != value && old instanceof HttpSessionBindingListener listener) {
            SessionListeners.safely(() -> listener.valueUnbound(new HttpSessionBindingEvent(session, name, old)));
        }
        if (old == null) {
            listeners.added(session, name, value);
        } else {
            listeners.replaced(session, name, old);
        }
    }

    void afterRemove(BackupSession session, String name, Object old) {
        unbound(session, name, old);
    }

    private void unbound(BackupSession session, String name, Object old) {
        if (old instanceof HttpSessionBindingListener listener) {
            SessionListeners.safely(() -> listener.valueUnbound(new HttpSessionBindingEvent(session, name, old)));
        }
        listeners.removed(session, name, old);
    }

    private void expire(BackupSession session) {
        if (session.live()) {
            LOG.debug("session {} expired", session.getId());
            invalidate(session);
        }
    }

    private void expireIdle() {
        long now = System.currentTimeMillis();
        try {
            sessions.values().stream().filter(s -> s.expiredAt(now)).forEach(this::expire);
        } catch (RuntimeException e) {
            LOG.warn("session expiry check failed", e);
        }
    }

    /** Stops expiry; tells activation listeners the sessions are passivated (they live on in the backup). */
    @Override
    public void close() {
        expiry.shutdownNow();
        sessions.values().forEach(session -> {
            HttpSessionEvent event = new HttpSessionEvent(session);
            session.attributeSnapshot().values().forEach(value -> {
                if (value instanceof HttpSessionActivationListener listener) {
                    SessionListeners.safely(() -> listener.sessionWillPassivate(event));
                }
            });
        });
    }
}
