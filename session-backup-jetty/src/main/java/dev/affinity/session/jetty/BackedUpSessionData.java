package dev.affinity.session.jetty;

import dev.affinity.session.BackedUpSession;
import dev.affinity.session.SessionDelta;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.session.SessionData;

/**
 * Jetty's session data as a live copy of the backup core: it records in its {@link SessionDelta}
 * each attribute set or removed ({@code setAttribute}), each attribute read whose value may be
 * mutated in place ({@code getAttribute} of anything but a JDK value type), and each change of the
 * max inactive interval or of the id. The core writes only those attributes; a read one only when
 * the digest of its bytes differs from that of its last write.
 *
 * <p>{@link #getId()} is Jetty's cluster id: the random part of the id without the route, which is
 * what the backup core calls the key.
 */
public class BackedUpSessionData extends SessionData implements BackedUpSession {
    private final SessionDelta delta = new SessionDelta();
    private volatile boolean live = true;
    private volatile boolean stale;
    private volatile boolean recordingReads = true;
    private volatile String renamedFrom;

    BackedUpSessionData(String id, String contextPath, String vhost, long created, long accessed, long lastAccessed,
                        long maxInactiveMs) {
        super(id, contextPath, vhost, created, accessed, lastAccessed, maxInactiveMs);
    }

    @Override
    public Object setAttribute(String name, Object value) {
        Object old = super.setAttribute(name, value);
        if (value != null || old != null) {
            delta.set(name);
        }
        return old;
    }

    @Override
    public Object getAttribute(String name) {
        Object value = super.getAttribute(name);
        if (recordingReads) {
            delta.read(name, value);
        }
        return value;
    }

    @Override
    public void setMaxInactiveMs(long maxInactive) {
        super.setMaxInactiveMs(maxInactive);
        delta.metadataChanged();
    }

    @Override
    public void setId(String id) {
        String old = getId();
        if (old != null && !old.equals(id) && renamedFrom == null) {
            renamedFrom = old;
        }
        super.setId(id);
    }

    /** Runs {@code listeners} (Jetty's passivation and activation callbacks, which read every attribute) without recording their reads. */
    void withoutRecordingReads(Runnable listeners) {
        recordingReads = false;
        try {
            listeners.run();
        } finally {
            recordingReads = true;
        }
    }

    /** The id this copy had before {@code changeSessionId()}, once: {@code null} when it was not renamed since the last call. */
    String takeRenamedFrom() {
        String old = renamedFrom;
        renamedFrom = null;
        return old;
    }

    /** The values restored from the backup, recorded as nothing changed. */
    void restore(Map<String, Object> values) {
        putAllAttributes(values);
    }

    /** The session was invalidated: its next write deletes the backup. */
    void invalidated() {
        live = false;
    }

    /** This copy can no longer be backed up (its write was not acknowledged, or another node wrote the session since): it is replaced on its next use. */
    void markStale() {
        stale = true;
        delta.drop();
    }

    boolean stale() {
        return stale;
    }

    @Override
    public String key() {
        return getId();
    }

    @Override
    public boolean live() {
        return live;
    }

    @Override
    public Object rawAttribute(String name) {
        return super.getAttribute(name);
    }

    @Override
    public Set<String> attributeNames() {
        return Set.copyOf(getKeys());
    }

    @Override
    public long creationTime() {
        return getCreated();
    }

    @Override
    public long lastAccessedTime() {
        return getAccessed();
    }

    @Override
    public int maxInactiveSeconds() {
        long ms = getMaxInactiveMs();
        return ms <= 0 ? 0 : (int) Math.max(1, ms / 1000);
    }

    @Override
    public SessionDelta delta() {
        return delta;
    }
}
