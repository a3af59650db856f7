package dev.affinity.session;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.temporal.TemporalAccessor;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The toolkit's {@link HttpSession}: the live copy in this node's memory. It records which
 * attributes changed since the last backup write (the delta) and fires the Servlet listeners
 * through its {@link SessionManager}. Safe for concurrent requests.
 */
final class BackupSession implements HttpSession {
    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Integer.class, Long.class, Short.class,
            Byte.class, Double.class, Float.class, Boolean.class, Character.class, BigInteger.class, BigDecimal.class,
            UUID.class, URI.class);

    private final SessionManager manager;
    private final long creationTime;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final Map<String, Boolean> dirty = new ConcurrentHashMap<>();
    private final AtomicBoolean metadataDirty = new AtomicBoolean(true);
    private volatile long writtenAccessTime;
    private final AtomicBoolean invalidating = new AtomicBoolean();
    private final AtomicInteger activeRequests = new AtomicInteger();
    private final BackupState backup = new BackupState();
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
        metadataDirty.set(true);
    }

    @Override
    public int getMaxInactiveInterval() {
        return maxInactiveSeconds;
    }

    @Override
    public Object getAttribute(String name) {
        checkValid("getAttribute");
        Object value = attributes.get(name);
        if (value != null && !isImmutable(value)) {
            dirty.putIfAbsent(name, Boolean.FALSE);
        }
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
        dirty.put(name, Boolean.TRUE);
        manager.afterSet(this, name, value, old);
    }

    @Override
    public void removeAttribute(String name) {
        checkValid("removeAttribute");
        Object old = attributes.remove(name);
        if (old != null) {
            dirty.put(name, Boolean.TRUE);
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

    /** The random part of the id: the backup map's key. */
    String key() {
        return key;
    }

    boolean isValid() {
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

    /** A request joins this session. Its access alone is written only once {@link #accessUnwritten()} says so. */
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
        return activeRequests.get() == 0 && dirty.isEmpty();
    }

    /** Whether the session has been idle longer than its max inactive interval at {@code now}. */
    boolean expiredAt(long now) {
        int max = maxInactiveSeconds;
        return max > 0 && activeRequests.get() == 0 && now - lastAccessedTime > max * 1000L;
    }

    void changeId(String newKey, String newId) {
        key = newKey;
        id = newId;
        requeueAll();
    }

    void reissue(String newId) {
        id = newId;
        metadataDirty.set(true);
    }

    /** Puts a value restored from the backup, without events. */
    void restore(String name, Object value) {
        attributes.put(name, value);
    }

    /** Forgets an attribute in the backup too (for example one whose class was refused). */
    void markRemoved(String name) {
        dirty.put(name, Boolean.TRUE);
    }

    /** Takes the changes recorded since the last call: name to whether it was set or removed (true) or only read. */
    Map<String, Boolean> drainDirty() {
        Map<String, Boolean> drained = new HashMap<>();
        for (String name : Set.copyOf(dirty.keySet())) {
            Boolean forced = dirty.remove(name);
            if (forced != null) {
                drained.put(name, forced);
            }
        }
        return drained;
    }

    /** Puts back changes whose write failed. */
    void requeueDirty(Map<String, Boolean> names) {
        names.forEach((name, forced) -> dirty.merge(name, forced, Boolean::logicalOr));
        metadataDirty.set(true);
    }

    /** Marks every attribute for the next write (the backup must be written whole). */
    void requeueAll() {
        attributes.keySet().forEach(name -> dirty.put(name, Boolean.TRUE));
        metadataDirty.set(true);
    }

    boolean takeMetadataDirty() {
        return metadataDirty.getAndSet(false);
    }

    /**
     * Whether the last access the backup holds is older than the touch interval: a quarter of the
     * max inactive interval, at most half of the map entry's grace, so the entry (whose time to live
     * each write renews to the interval plus the grace) never expires before the live session.
     */
    boolean accessUnwritten() {
        long grace = ApplyDelta.GRACE_SECONDS * 1000L / 2;
        long touch = maxInactiveSeconds <= 0 ? grace : Math.min(grace, maxInactiveSeconds * 1000L / 4);
        return lastAccessedTime - writtenAccessTime >= touch;
    }

    /** The last access that a write now under way carries to the backup. */
    void accessWritten(long accessTime) {
        writtenAccessTime = accessTime;
    }

    Object rawAttribute(String name) {
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

    long creationTime() {
        return creationTime;
    }

    long lastAccessedTime() {
        return lastAccessedTime;
    }

    BackupState backup() {
        return backup;
    }

    private void checkValid(String method) {
        if (!valid) {
            throw new IllegalStateException(method + ": the session " + id + " has been invalidated");
        }
    }

    private static boolean isImmutable(Object value) {
        return IMMUTABLE.contains(value.getClass()) || value instanceof Enum<?>
                || (value instanceof TemporalAccessor && value.getClass().getName().startsWith("java.time."));
    }
}
