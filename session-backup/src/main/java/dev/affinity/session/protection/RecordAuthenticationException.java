package dev.affinity.session.protection;

/** A sealed backup value or metadata block failed authentication: forged, moved from elsewhere, or sealed with another secret. */
public final class RecordAuthenticationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A failure explained by {@code message}. */
    public RecordAuthenticationException(String message) {
        super(message);
    }
}
