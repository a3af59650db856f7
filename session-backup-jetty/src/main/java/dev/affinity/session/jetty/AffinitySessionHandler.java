package dev.affinity.session.jetty;

import dev.affinity.config.ConfigException;
import dev.affinity.logging.Log;
import dev.affinity.session.BackupStats;
import dev.affinity.session.SessionUnavailableException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.session.ManagedSession;
import org.eclipse.jetty.session.SessionIdManager;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.AutoLock;

/**
 * The ee10 {@link SessionHandler} of a context whose sessions are backed up: at start it installs,
 * unless given others, an {@link AffinitySessionCache} over an {@link AffinitySessionDataStore} (with
 * this handler's settings) and the server's {@link AffinitySessionIdManager}. A request whose
 * session must be read from the backup and cannot be is answered {@code 503} with
 * {@code Retry-After}, never given a new session in its place. In sync mode ({@code write-mode=sync},
 * the default) each response waits for the backup of its session's changes before it is sent, and
 * is replaced by a {@code 503} when the write is not acknowledged ({@link BackupBeforeSend}).
 * Everything else is Jetty's: listeners, cookie configuration, authentication, {@code changeSessionId()}.
 */
public class AffinitySessionHandler extends SessionHandler {
    private static final Log LOG = Log.of(AffinitySessionHandler.class);
    private final Map<String, String> settings = new LinkedHashMap<>();

    /** A handler whose settings come from the context's init-params, system properties, environment and {@code config} file. */
    public AffinitySessionHandler() {
    }

    /** A handler with these settings, layered over the same sources. */
    public AffinitySessionHandler(Map<String, String> settings) {
        this.settings.putAll(settings);
    }

    /** Sets one setting before start (for Jetty XML: {@code <Call name="setSetting">}). */
    public void setSetting(String name, String value) {
        settings.put(name, value);
    }

    @Override
    public void doStart() throws Exception {
        Server server = getServer();
        synchronized (server) {
            if (getSessionCache() == null) {
                AffinitySessionCache cache = new AffinitySessionCache(this);
                setSessionCache(cache);
                cache.setSessionDataStore(new AffinitySessionDataStore(settings));
            } else if (!(getSessionCache() instanceof AffinitySessionCache)) {
                throw new ConfigException("AffinitySessionHandler needs an AffinitySessionCache (or none, to make its own), found "
                        + getSessionCache().getClass().getName());
            }
            if (getSessionIdManager() == null) {
                setSessionIdManager(serverIds(server));
            }
        }
        super.doStart();
    }

    private static SessionIdManager serverIds(Server server) throws Exception {
        AffinitySessionIdManager ids = server.getBean(AffinitySessionIdManager.class);
        if (ids == null) {
            ids = new AffinitySessionIdManager(server);
            server.addBean(ids, true);
        }
        if (!ids.isStarted()) {
            ids.start();
        }
        return ids;
    }

    /** The store, for its backup core's status and counters. */
    public AffinitySessionDataStore store() {
        return (AffinitySessionDataStore) getSessionCache().getSessionDataStore();
    }

    private AffinitySessionCache cache() {
        return (AffinitySessionCache) getSessionCache();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        try {
            return super.handle(request, response, callback);
        } catch (SessionUnavailableException e) {
            ServiceUnavailable.answer(response, callback, e.answer());
            return true;
        }
    }

    /** As Jetty's, with this node's copy checked ({@link AffinitySessionCache#current}, trusted as it is only for an id with this node's route) and a backup that cannot be read answered {@code 503}. */
    @Override
    public ManagedSession getManagedSession(String extendedId) {
        String id = getSessionIdManager().getId(extendedId);
        ManagedSession session = currentOrUnavailable(id, extendedId.equals(getSessionIdManager().getExtendedId(id, null)));
        if (session == null) {
            return null;
        }
        if (session.isExpiredAt(System.currentTimeMillis())) {
            invalidateExpired(session);
            return null;
        }
        session.setExtendedId(getSessionIdManager().getExtendedId(id, null));
        if (!session.getExtendedId().equals(extendedId)) {
            session.onIdChanged();
        }
        return session;
    }

    private static void invalidateExpired(ManagedSession session) {
        try {
            session.invalidate();
        } catch (IllegalStateException alreadyInvalid) {
            LOG.debug("expired session {} was already invalidated", session.getId());
        }
    }

    private ManagedSession currentOrUnavailable(String id, boolean ownRoute) {
        try {
            return cache().current(id, ownRoute);
        } catch (Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SessionUnavailableException unavailable) {
                    throw unavailable;
                }
            }
            LOG.warn("session {} could not be loaded: {}", id, e.toString());
            return null;
        }
    }

    @Override
    protected void addSessionStreamWrapper(Request request) {
        super.addSessionStreamWrapper(request);
        if (store().sync()) {
            BackupStats stats = store().core().stats();
            request.addHttpStreamWrapper(stream -> new BackupBeforeSend(stream, () -> backUp(request), stats::changeRefused));
        }
    }

    /** Writes the changes of the request's session now: whether they are acknowledged (or there were none to write). */
    private boolean backUp(Request request) {
        ManagedSession session = getManagedSession(request);
        if (session == null || !(session.getSessionData() instanceof BackedUpSessionData copy)) {
            return true;
        }
        try (AutoLock ignored = session.lock()) {
            return !session.isValid() || store().writeNow(copy);
        }
    }
}
