package dev.affinity.session;

import dev.affinity.routing.SessionIdReader;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The request as the webapp sees it behind {@link SessionBackupFilter}: {@code getSession()}
 * returns the toolkit's session, found by the session cookie (or, only with
 * {@code url-session-ids=true}, the {@code ;jsessionid=} path parameter) and looked up only when
 * the webapp asks for it. A malformed or oversize id is no id. Sends the cookie whenever the id
 * the client holds in its cookie changes (new session, re-issued route, {@code changeSessionId()});
 * an id that came in the URL is never turned into a cookie.
 */
final class SessionRequest extends HttpServletRequestWrapper {
    private final SessionManager manager;
    private final HttpServletResponse response;
    private final SessionCookie cookie;
    private final String requestedId;
    private final boolean requestedFromCookie;
    private final Budget budget;
    private BackupSession session;
    private boolean looked;

    /** @param budget how long this request may wait for the backup map in all */
    SessionRequest(HttpServletRequest request, HttpServletResponse response, SessionManager manager, SessionCookie cookie,
                   boolean urlSessionIds, Budget budget) {
        super(request);
        this.budget = budget;
        this.response = response;
        this.manager = manager;
        this.cookie = cookie;
        SessionIdReader reader = new SessionIdReader(cookie.name(), id -> SessionIds.keyOf(id) != null);
        String fromCookie = reader.fromCookie(request);
        this.requestedFromCookie = fromCookie != null;
        this.requestedId = fromCookie != null || !urlSessionIds ? fromCookie : reader.fromPath(request);
    }

    @Override
    public synchronized HttpSession getSession(boolean create) {
        if (session != null && session.live()) {
            return session;
        }
        if (!looked && requestedId != null) {
            looked = true;
            BackupSession found = manager.find(requestedId, budget);
            if (found != null) {
                join(found, true);
                if (requestedFromCookie && !found.getId().equals(requestedId)) {
                    sendCookie(found.getId());
                }
                return found;
            }
        }
        if (!create) {
            return null;
        }
        if (response.isCommitted()) {
            throw new IllegalStateException("cannot create a session after the response has been committed");
        }
        BackupSession created = manager.create();
        join(created, false);
        sendCookie(created.getId());
        return created;
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    @Override
    public synchronized String changeSessionId() {
        if (session == null || !session.live()) {
            throw new IllegalStateException("changeSessionId: this request has no session");
        }
        String id = manager.changeId(session);
        sendCookie(id);
        return id;
    }

    @Override
    public String getRequestedSessionId() {
        return requestedId;
    }

    @Override
    public synchronized boolean isRequestedSessionIdValid() {
        if (requestedId == null) {
            return false;
        }
        HttpSession current = getSession(false);
        return current != null && SessionIds.keyOf(requestedId) != null
                && SessionIds.keyOf(requestedId).equals(((BackupSession) current).key());
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return requestedId != null && requestedFromCookie;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return requestedId != null && !requestedFromCookie;
    }

    /** How long this request may still wait for the backup map. */
    Budget budget() {
        return budget;
    }

    /** The session this request used, or {@code null}. */
    synchronized BackupSession usedSession() {
        return session;
    }

    private void join(BackupSession joined, boolean existing) {
        joined.beginRequest(System.currentTimeMillis(), existing);
        if (session != null) {
            session.endRequest();
        }
        session = joined;
    }

    private void sendCookie(String id) {
        if (response.isCommitted()) {
            return;
        }
        response.addCookie(cookie.create(id, this));
    }
}
