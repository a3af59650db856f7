package dev.affinity.session;

import java.util.Set;

/**
 * A live copy of a session as the backup core writes it, whatever holds it: the filter's own
 * session, a Tomcat session under the toolkit's {@code Manager}, or Jetty's session data under the
 * toolkit's {@code SessionDataStore}. Its {@link SessionDelta} records what changed since its last
 * backup write; the core reads the rest at write time, without firing any listener.
 */
public interface BackedUpSession {

    /** The random part of the id: what the backup entry is keyed by (through its keyed hash). */
    String key();

    /** The id as the client sees it now, route included (for logs). */
    String getId();

    /** Whether the session is still valid (an invalid one has its backup deleted). */
    boolean live();

    /** The value of an attribute, or {@code null}; reading it records nothing. */
    Object rawAttribute(String name);

    /** The names of the attributes the copy holds. */
    Set<String> attributeNames();

    long creationTime();

    long lastAccessedTime();

    /** The max inactive interval in seconds ({@code 0} or less: never expires). */
    int maxInactiveSeconds();

    /** What this copy changed since its last backup write, and what the backup holds of it. */
    SessionDelta delta();
}
