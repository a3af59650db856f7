package dev.affinity.routing;

/** A request's key is malformed or too long; the message is short and safe to send as a 400 body. */
public class InvalidKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidKeyException(String message) {
        super(message, null, false, false);
    }
}
