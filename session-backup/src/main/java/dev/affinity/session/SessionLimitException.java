package dev.affinity.session;

/** This node already holds {@code max-sessions} sessions: no new one is created. */
final class SessionLimitException extends SessionUnavailableException {
    private static final long serialVersionUID = 1L;

    SessionLimitException(int limit) {
        super("this node holds max-sessions=" + limit + " sessions", "this server holds too many sessions right now; retry in a moment");
    }
}
