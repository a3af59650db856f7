package dev.affinity.session.jetty;

import dev.affinity.config.ConfigException;
import dev.affinity.logging.Log;
import dev.affinity.session.BackedUpSession;
import dev.affinity.session.BackupCore;
import dev.affinity.session.BackupUnavailableException;
import dev.affinity.session.LiveCopies;
import org.eclipse.jetty.session.DefaultSessionCache;
import org.eclipse.jetty.util.thread.AutoLock;
import org.eclipse.jetty.session.ManagedSession;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.SessionManager;

/**
 * Jetty's {@link DefaultSessionCache} (the live copies in memory) over an
 * {@link AffinitySessionDataStore}, which it tells when a copy may be out of date: a copy whose write
 * was not acknowledged, or whose session another node wrote since (it took the session over), is
 * evicted without firing any listener, and the next request for it loads the backup; after members
 * were lost or the cluster merged, each copy is checked against the backup (its version) before its
 * next use. Jetty's passivation and activation callbacks, which read every attribute, are not
 * counted as reads of the attributes.
 */
public class AffinitySessionCache extends DefaultSessionCache implements LiveCopies {
    private static final Log LOG = Log.of(AffinitySessionCache.class);

    public AffinitySessionCache(SessionManager manager) {
        super(manager);
    }

    @Override
    protected void doStart() throws Exception {
        if (!(getSessionDataStore() instanceof AffinitySessionDataStore store)) {
            throw new ConfigException("AffinitySessionCache needs an AffinitySessionDataStore, found "
                    + (getSessionDataStore() == null ? "none" : getSessionDataStore().getClass().getName()));
        }
        store.tell(this);
        super.doStart();
    }

    private AffinitySessionDataStore store() {
        return (AffinitySessionDataStore) getSessionDataStore();
    }

    @Override
    public ManagedSession newSession(SessionData data) {
        return new ManagedSession(getSessionManager(), data) {
            @Override
            public void onSessionPassivation() {
                unrecorded(data, super::onSessionPassivation);
            }

            @Override
            public void onSessionActivation() {
                unrecorded(data, super::onSessionActivation);
            }
        };
    }

    private static void unrecorded(SessionData data, Runnable listeners) {
        if (data instanceof BackedUpSessionData copy) {
            copy.withoutRecordingReads(listeners);
        } else {
            listeners.run();
        }
    }

    /**
     * The session {@code id} for a request, entered as {@link #get} enters it: this node's copy when
     * the core's one rule ({@link BackupCore#check}) keeps it, given whether the request's id carries
     * this node's route ({@code ownRoute}); otherwise the copy is dropped and the backup, if any, loaded.
     * A stale copy is always dropped.
     *
     * @throws BackupUnavailableException when the backup must be read and cannot be (in async mode a
     *                                    copy is served from memory meanwhile)
     */
    ManagedSession current(String id, boolean ownRoute) throws Exception {
        ManagedSession cached = doGet(id);
        String key = BackupCore.keyOf(id);
        if (cached != null && key != null && cached.getSessionData() instanceof BackedUpSessionData copy) {
            BackupCore core = store().core();
            if (copy.stale()) {
                evict(id, cached);
            } else if (core.check(copy, key, ownRoute, core.requestBudget()).verdict() != BackupCore.Verdict.USE_COPY) {
                LOG.info("session {} was written or removed elsewhere since this node's copy; the copy is dropped", id);
                copy.markStale();
                evict(id, cached);
            }
        }
        return get(id);
    }

    /** As Jetty's, and a copy found stale while its request ran leaves the cache as the last request using it ends (Jetty's release puts it back). */
    @Override
    public void release(ManagedSession session) throws Exception {
        super.release(session);
        if (session.getSessionData() instanceof BackedUpSessionData copy && copy.stale()) {
            evictIfIdle(copy);
        }
    }

    /** Takes {@code session} out of this cache and the store's copies, without firing any listener. */
    private void evict(String id, ManagedSession session) {
        if (session.getSessionData() instanceof BackedUpSessionData copy) {
            store().forget(copy);
        }
        store().core().stats().copyDropped();
        try (AutoLock ignored = session.lock()) {
            session.setResident(false);
        }
        doDelete(id);
    }

    /** Evicts {@code copy}'s session now when no request uses it; otherwise its next use does. */
    private void evictIfIdle(BackedUpSessionData copy) {
        ManagedSession session = doGet(copy.getId());
        if (session != null && session.getSessionData() == copy && session.getRequests() <= 0) {
            evict(copy.getId(), session);
        }
    }

    @Override
    public void dropped(BackedUpSession copy) {
        if (copy instanceof BackedUpSessionData data) {
            data.markStale();
            evictIfIdle(data);
        }
    }

    @Override
    public void writtenElsewhere(String mapKey) {
        store().copyAt(mapKey).ifPresent(copy -> {
            copy.delta().suspect(true);
            ManagedSession session = doGet(copy.getId());
            if (session != null && session.getRequests() <= 0 && !copy.delta().pending()) {
                copy.markStale();
                evictIfIdle(copy);
            }
        });
    }

    @Override
    public void suspectAll() {
        store().copies().forEach(copy -> copy.delta().suspect(true));
    }
}
