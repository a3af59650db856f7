package dev.affinity.session.tomcat;

import dev.affinity.config.ConfigException;
import dev.affinity.logging.Log;
import dev.affinity.session.BackedUpSession;
import dev.affinity.session.BackupCore;
import dev.affinity.session.BackupStats;
import dev.affinity.session.BackupUnavailableException;
import dev.affinity.session.LiveCopies;
import dev.affinity.session.SessionBackupFilter;
import dev.affinity.session.SessionDelta;
import jakarta.servlet.ServletContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Loader;
import org.apache.catalina.Session;
import org.apache.catalina.SessionIdGenerator;
import org.apache.catalina.session.ManagerBase;
import org.apache.catalina.session.StandardSession;

/**
 * A Tomcat 10.1 / 11 session {@code Manager} whose sessions are backed up by the toolkit's session
 * backup core: {@code <Manager className="dev.affinity.session.tomcat.AffinityManager" secret="..."
 * hazelcast.config="..."/>} in {@code context.xml}, every session setting an attribute of the
 * element ({@link ManagerSettings}). The live copy of a session stays in this node's memory as a
 * Tomcat session ({@link AffinitySession}); its {@link BackupValve} writes each request's changes,
 * and restores a session that another node held (failover) under an id re-issued with this node's
 * route ({@code <key>.<route>}, Tomcat's {@code jvmRoute} format). Nothing is written to disk on
 * stop: the sessions live on in the backup.
 */
public class AffinityManager extends ManagerBase implements LiveCopies {
    private static final Log LOG = Log.of(AffinityManager.class);
    /** The length in bytes of the random part of an id: 32 hex characters, as the backup core's ids have. */
    private static final int ID_BYTES = 16;

    private final ManagerSettings settings = new ManagerSettings();
    private final Map<String, AffinitySession> byMapKey = new ConcurrentHashMap<>();
    private final BackupValve valve = new BackupValve(this);
    private volatile BackupCore core;

    /**
     * A session setting, as Tomcat's digester passes each attribute of the {@code <Manager>} element
     * that has no setter of its own; an unknown name fails the start.
     */
    public void setProperty(String name, String value) {
        settings.put(name, value);
    }

    @Override
    public String getName() {
        return "AffinityManager";
    }

    /** Also puts the backup valve in the context's pipeline (first, so a failover restores before authentication). */
    @Override
    public void setContext(Context context) {
        Context previous = getContext();
        if (previous != null && previous != context) {
            previous.getPipeline().removeValve(valve);
        }
        super.setContext(context);
        if (context != null && previous != context) {
            context.getPipeline().addValve(valve);
        }
    }

    @Override
    protected synchronized void startInternal() throws LifecycleException {
        super.startInternal();
        ServletContext servletContext = getContext().getServletContext();
        try {
            core = BackupCore.start(settings.load(servletContext, getJvmRoute()), webappClassLoader(),
                    servletContext.getAttribute(SessionBackupFilter.HAZELCAST_ATTRIBUTE));
            SessionIdGenerator ids = getSessionIdGenerator();
            ids.setJvmRoute(route());
            ids.setSessionIdLength(ID_BYTES);
        } catch (ConfigException e) {
            LOG.error("affinity: the session manager of {} cannot start: {}", getContext().getName(), e.getMessage());
            if (core != null) {
                core.close();
                core = null;
            }
            throw new LifecycleException(e.getMessage(), e);
        }
        core.serve(this);
        core.onLocalExpiry(this::expiredInBackup);
        LOG.info("affinity: sessions of {} are backed up ({} writes), this node's route is {}", getContext().getName(),
                core.writeMode().name().toLowerCase(), core.route());
        setState(LifecycleState.STARTING);
    }

    /** This node's route, which the Engine's {@code jvmRoute}, when set, must equal. */
    private String route() {
        String route;
        try {
            route = core.route();
        } catch (IllegalStateException e) {
            throw new ConfigException("this node's route is not known at start: set self (or the Engine's jvmRoute)");
        }
        String jvmRoute = getJvmRoute();
        if (jvmRoute != null && !jvmRoute.isBlank() && !jvmRoute.equals(route)) {
            throw new ConfigException("the Engine's jvmRoute '" + jvmRoute + "' differs from this node's route '" + route
                    + "' (setting self): session ids carry one route, set both alike or leave jvmRoute out");
        }
        return route;
    }

    private ClassLoader webappClassLoader() {
        Loader loader = getContext().getLoader();
        ClassLoader webapp = loader == null ? null : loader.getClassLoader();
        return webapp != null ? webapp : AffinityManager.class.getClassLoader();
    }

    /** Tells activation listeners the sessions are passivated (they live on in the backup), forgets them, and writes what is queued. */
    @Override
    protected synchronized void stopInternal() throws LifecycleException {
        setState(LifecycleState.STOPPING);
        for (Session session : findSessions()) {
            ((StandardSession) session).passivate();
        }
        sessions.clear();
        byMapKey.clear();
        if (core != null) {
            core.close();
            core = null;
        }
        super.stopInternal();
    }

    /** Also takes the backup valve out of the context's pipeline. */
    @Override
    protected void destroyInternal() throws LifecycleException {
        Context context = getContext();
        if (context != null) {
            context.getPipeline().removeValve(valve);
        }
        super.destroyInternal();
    }

    /** Nothing to load: a session another node held is read from the backup when a request asks for it. */
    @Override
    public void load() {
    }

    /** Nothing to save: the sessions live on in the backup. */
    @Override
    public void unload() {
    }

    @Override
    protected StandardSession getNewSession() {
        return new AffinitySession(this);
    }

    /** A new session; an id the client asked for is kept only when it is one of this node's well-formed ids. */
    @Override
    public Session createSession(String sessionId) {
        boolean own = sessionId != null && BackupCore.keyOf(sessionId) != null && core.route().equals(BackupCore.routeOf(sessionId));
        return super.createSession(own ? sessionId : null);
    }

    @Override
    public void add(Session session) {
        super.add(session);
        if (session instanceof AffinitySession copy && core != null && copy.key() != null) {
            byMapKey.put(core.mapKey(copy.key()), copy);
        }
    }

    @Override
    public void remove(Session session, boolean update) {
        super.remove(session, update);
        if (session instanceof AffinitySession copy && core != null && copy.key() != null) {
            byMapKey.remove(core.mapKey(copy.key()), copy);
        }
    }

    /** Moves the session's backup with its id ({@code changeSessionId()}, authentication): the old entry is deleted with its next write. */
    @Override
    protected void changeSessionId(Session session, String newId, boolean notifySessionListeners, boolean notifyContainerListeners) {
        if (!(session instanceof AffinitySession copy)) {
            super.changeSessionId(session, newId, notifySessionListeners, notifyContainerListeners);
            return;
        }
        String oldId = copy.getIdInternal();
        String oldKey = copy.key();
        SessionDelta delta = copy.delta();
        synchronized (delta) {
            copy.setId(newId, false);
            core.moved(copy, oldKey);
        }
        copy.tellChangedSessionId(newId, oldId, notifySessionListeners, notifyContainerListeners);
    }

    /** The session expired or was invalidated: its backup is deleted. */
    void ended(AffinitySession session) {
        BackupCore running = core;
        if (running != null && session.key() != null) {
            running.submit(session);
        }
    }

    /** This node's copy of the session with this node's id {@code id}, or {@code null}. */
    AffinitySession local(String id) {
        return sessions.get(id) instanceof AffinitySession copy ? copy : null;
    }

    /**
     * Makes {@code backup} the live copy of its session here, under {@code id}, in place of
     * {@code replaced} (a copy found stale, or {@code null}); when another request restored it
     * meanwhile, that copy.
     */
    synchronized AffinitySession install(String id, BackupCore.Backup backup, AffinitySession replaced) {
        AffinitySession current = local(id);
        if (current != null && current != replaced) {
            return current;
        }
        if (replaced != null) {
            replaced.delta().drop();
            remove(replaced);
            LOG.info("session {} was written elsewhere since this node's copy; the copy was replaced by the backup", id);
        }
        AffinitySession restored = (AffinitySession) createEmptySession();
        restored.restore(id, backup);
        return restored;
    }

    /**
     * The backup of a session expired in the map on this node's member (its node died, and no other
     * took it over): unless this node holds the session, it is rebuilt from the backup, as a take-over
     * restores one, and expired as Tomcat expires a timed-out session of its {@code Store} (loaded,
     * never registered, then {@code expire()}): the webapp's listeners hear {@code sessionDestroyed}
     * and {@code valueUnbound} once, and nothing is written back.
     */
    private void expiredInBackup(BackupCore.Backup backup) {
        BackupCore running = core;
        if (running == null || byMapKey.containsKey(running.mapKey(backup.key()))) {
            return;
        }
        AffinitySession session = (AffinitySession) createEmptySession();
        try {
            session.rebuild(backup.id(), backup);
        } catch (BackupUnavailableException e) {
            return;
        }
        session.expireEnded();
        LOG.debug("session {} of a departed node expired in the backup", backup.id());
    }

    /** Forgets this node's copy without firing listeners: the session lives on, or ended, elsewhere. */
    void forget(AffinitySession session) {
        remove(session);
    }

    @Override
    public void dropped(BackedUpSession copy) {
        if (copy instanceof AffinitySession session && local(session.getIdInternal()) == session) {
            forget(session);
        }
    }

    /**
     * Another node wrote the session under {@code mapKey}: this node's copy is dropped at once when no
     * request uses it, otherwise checked against the backup before its next use.
     */
    @Override
    public void writtenElsewhere(String mapKey) {
        AffinitySession local = byMapKey.get(mapKey);
        if (local == null) {
            return;
        }
        local.delta().suspect(true);
        if (local.idle()) {
            local.delta().drop();
            forget(local);
        }
    }

    @Override
    public void suspectAll() {
        for (Session session : findSessions()) {
            if (session instanceof AffinitySession copy) {
                copy.delta().suspect(true);
            }
        }
    }

    /** The backup core while the manager runs, else {@code null}. */
    BackupCore core() {
        return core;
    }

    /** The counters of this manager's backup traffic (while it runs). */
    public BackupStats stats() {
        BackupCore running = core;
        if (running == null) {
            throw new IllegalStateException("the session manager of " + getContext().getName() + " is not started");
        }
        return running.stats();
    }
}
