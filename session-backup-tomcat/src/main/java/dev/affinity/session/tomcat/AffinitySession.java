package dev.affinity.session.tomcat;

import dev.affinity.session.BackedUpSession;
import dev.affinity.session.BackupCore;
import dev.affinity.session.SessionDelta;
import java.security.Principal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.session.StandardSession;

/**
 * A Tomcat session under {@link AffinityManager}: a {@link StandardSession} (so Tomcat's listeners,
 * binding and activation events, authentication and JMX attributes work unchanged) that tells its
 * {@link SessionDelta} what changed, as Tomcat's {@code DeltaSession} tracks it: set and removed
 * attributes, mutable attributes read, the max inactive interval, the user an authenticator
 * cached ({@link CachedLogin}). Its expiry or invalidation deletes its backup.
 */
public class AffinitySession extends StandardSession implements BackedUpSession {
    private static final long serialVersionUID = 1L;

    private final transient SessionDelta delta = new SessionDelta();
    private final transient AtomicInteger requests = new AtomicInteger();
    private transient volatile boolean backupEnded;

    AffinitySession(AffinityManager manager) {
        super(manager);
    }

    /** Rebuilds this new session from {@code backup} under {@code id}, registers it, and tells its activation listeners. */
    void restore(String id, BackupCore.Backup backup) {
        rebuild(id, backup);
        setId(id, false);
        activate();
    }

    /**
     * Rebuilds this new session from {@code backup} under {@code id}, neither registered nor activated.
     *
     * @throws dev.affinity.session.BackupUnavailableException when decoding an attribute raised an {@link Error}
     */
    void rebuild(String id, BackupCore.Backup backup) {
        this.id = id;
        setNew(false);
        setValid(true);
        creationTime = backup.creationTime();
        lastAccessedTime = backup.lastAccessedTime();
        thisAccessedTime = backup.lastAccessedTime();
        maxInactiveInterval = backup.maxInactiveSeconds();
        Map<String, Object> values = new HashMap<>(backup.attributesFor(this));
        Object login = values.remove(CachedLogin.ATTRIBUTE);
        principal = CachedLogin.principal(login);
        authType = principal == null ? null : CachedLogin.authType(login);
        attributes.putAll(values);
    }

    /**
     * Expires this session, rebuilt from a backup that expired in the map, as Tomcat expires a session
     * of its store that timed out: the webapp's listeners hear {@code sessionDestroyed} and the
     * unbinding events; there is no backup left to delete, so nothing is written.
     */
    void expireEnded() {
        backupEnded = true;
        expire(true);
    }

    @Override
    public String key() {
        return BackupCore.keyOf(id);
    }

    @Override
    public boolean live() {
        return isValidInternal();
    }

    /** An attribute's value, or the user an authenticator cached ({@link CachedLogin}). */
    @Override
    public Object rawAttribute(String name) {
        return CachedLogin.ATTRIBUTE.equals(name) ? CachedLogin.of(principal, authType) : attributes.get(name);
    }

    /** The attributes' names, and that of the user an authenticator cached, if it is backed up. */
    @Override
    public Set<String> attributeNames() {
        Set<String> names = new HashSet<>(attributes.keySet());
        if (CachedLogin.backedUp(principal)) {
            names.add(CachedLogin.ATTRIBUTE);
        }
        return Set.copyOf(names);
    }

    @Override
    public long creationTime() {
        return getCreationTimeInternal();
    }

    @Override
    public long lastAccessedTime() {
        return getLastAccessedTimeInternal();
    }

    @Override
    public int maxInactiveSeconds() {
        return getMaxInactiveInterval();
    }

    @Override
    public SessionDelta delta() {
        return delta;
    }

    /** Whether no request uses this session now. */
    boolean idle() {
        return requests.get() <= 0;
    }

    @Override
    public Object getAttribute(String name) {
        Object value = super.getAttribute(name);
        delta.read(name, value);
        return value;
    }

    @Override
    public void setAttribute(String name, Object value, boolean notify) {
        super.setAttribute(name, value, notify);
        delta.set(name);
    }

    @Override
    public void removeAttribute(String name, boolean notify) {
        super.removeAttribute(name, notify);
        delta.set(name);
    }

    @Override
    public void setPrincipal(Principal principal) {
        super.setPrincipal(principal);
        delta.set(CachedLogin.ATTRIBUTE);
    }

    @Override
    public void setAuthType(String authType) {
        super.setAuthType(authType);
        delta.set(CachedLogin.ATTRIBUTE);
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        super.setMaxInactiveInterval(interval);
        delta.metadataChanged();
    }

    @Override
    public void access() {
        super.access();
        requests.incrementAndGet();
    }

    @Override
    public void endAccess() {
        super.endAccess();
        requests.updateAndGet(n -> Math.max(0, n - 1));
    }

    @Override
    public void expire(boolean notify) {
        boolean wasValid = isValidInternal();
        super.expire(notify);
        if (wasValid && !isValidInternal() && !backupEnded) {
            ((AffinityManager) manager).ended(this);
        }
    }
}
