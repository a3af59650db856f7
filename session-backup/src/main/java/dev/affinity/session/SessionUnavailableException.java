package dev.affinity.session;

/**
 * A request cannot be given its session right now; it is answered {@code 503} with
 * {@code Retry-After} and a short plain message, never a made-up session. Whoever throws it logs why.
 */
public class SessionUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String answer;

    SessionUnavailableException(String message, String answer) {
        super(message);
        this.answer = answer;
    }

    /** The one-line body answered to the client. */
    public String answer() {
        return answer;
    }
}
