package dev.affinity.session;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The toolkit's {@link HttpSession}: the live copy in this node's memory. It tells its
 * {@link SessionDelta} which attributes changed since the last backup write, and fires the Servlet listeners
 * through its {@link SessionManager}. Safe for concurrent requests.
 */
final class BackupSession implements HttpSession, BackedUpSession {
    private final SessionManager manager;
    private final long creationTime;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final AtomicBoolean invalidating = new AtomicBoolean();
    private final AtomicInteger activeRequests = new AtomicInteger();
    private final SessionDelta delta = new SessionDelta();
    private volatile String key;
    private volatile String id;
    private volatile long lastAccessedTime;
    private volatile int maxInactiveSeconds;
    private volatile boolean valid = true;
    private volatile boolean isNew;

    BackupSession(SessionManager manager, String key, String id, long creationTime, long lastAccessedTime,
                  int maxInactiveSeconds, boolean isNew) {
        this.manager = manager;
        this.key = key;
        this.id = id;
        this.creationTime = creationTime;
        this.lastAccessedTime = lastAccessedTime;
        this.maxInactiveSeconds = maxInactiveSeconds;
        this.isNew = isNew;
    }

    @Override
    public long getCreationTime() {
        checkValid("getCreationTime");
        return creationTime;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public long getLastAccessedTime() {
        checkValid("getLastAccessedTime");
        return lastAccessedTime;
    }

    @Override
    public ServletContext getServletContext() {
        return manager.servletContext();
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        maxInactiveSeconds = interval;
        delta.metadataChanged();
    }

    @Override
    public int getMaxInactiveInterval() {
        return maxInactiveSeconds;
    }

    @Override
    public Object getAttribute(String name) {
        checkValid("getAttribute");
        Object value = attributes.get(name);
        delta.read(name, value);
        return value;
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        checkValid("getAttributeNames");
        return Collections.enumeration(Set.copyOf(attributes.keySet()));
    }

    @Override
    public void setAttribute(String name, Object value) {
        checkValid("setAttribute");
        if (name == null) {
            throw new IllegalArgumentException("attribute name must not be null");
        }
        if (value == null) {
            removeAttribute(name);
            return;
        }
        manager.beforeBind(this, name, value);
        Object old = attributes.put(name, value);
        delta.set(name);
        manager.afterSet(this, name, value, old);
    }

    @Override
    public void removeAttribute(String name) {
        checkValid("removeAttribute");
        Object old = attributes.remove(name);
        if (old != null) {
            delta.set(name);
            manager.afterRemove(this, name, old);
        }
    }

    @Override
    public void invalidate() {
        checkValid("invalidate");
        manager.invalidate(this);
    }

    @Override
    public boolean isNew() {
        checkValid("isNew");
        return isNew;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public boolean live() {
        return valid;
    }

    /** Starts invalidation (listeners still see a valid session); false when it already started. */
    boolean markInvalidFirstPhase() {
        return invalidating.compareAndSet(false, true);
    }

    /** Ends invalidation: from now on the session is invalid. */
    void finishInvalidation() {
        valid = false;
    }

    /** A request joins this session. Its access alone is written only once it grows older than the touch interval ({@link SessionDelta#take}). */
    void beginRequest(long now, boolean joined) {
        activeRequests.incrementAndGet();
        lastAccessedTime = now;
        if (joined) {
            isNew = false;
        }
    }

    /** A request that joined this session finished. */
    void endRequest() {
        activeRequests.decrementAndGet();
    }

    /** Whether no request uses this copy and none of its changes waits to be written. */
    boolean idle() {
        return activeRequests.get() == 0 && !delta.pending();
    }

    /** Whether the session has been idle longer than its max inactive interval at {@code now}. */
    boolean expiredAt(long now) {
        int max = maxInactiveSeconds;
        return max > 0 && activeRequests.get() == 0 && now - lastAccessedTime > max * 1000L;
    }

    void changeId(String newKey, String newId) {
        key = newKey;
        id = newId;
    }

    void reissue(String newId) {
        id = newId;
        delta.metadataChanged();
    }

    /** Puts a value restored from the backup, without events. */
    void restore(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public Set<String> attributeNames() {
        return Set.copyOf(attributes.keySet());
    }

    @Override
    public Object rawAttribute(String name) {
        return attributes.get(name);
    }

    Map<String, Object> attributeSnapshot() {
        return Map.copyOf(attributes);
    }

    /** Removes every attribute, returning them. */
    Map<String, Object> clearAttributes() {
        Map<String, Object> removed = new HashMap<>();
        for (String name : Set.copyOf(attributes.keySet())) {
            Object old = attributes.remove(name);
            if (old != null) {
                removed.put(name, old);
            }
        }
        return removed;
    }

    @Override
    public long creationTime() {
        return creationTime;
    }

    @Override
    public long lastAccessedTime() {
        return lastAccessedTime;
    }

    @Override
    public int maxInactiveSeconds() {
        return maxInactiveSeconds;
    }

    @Override
    public SessionDelta delta() {
        return delta;
    }

    private void checkValid(String method) {
        if (!valid) {
            throw new IllegalStateException(method + ": the session " + id + " has been invalidated");
        }
    }
}
