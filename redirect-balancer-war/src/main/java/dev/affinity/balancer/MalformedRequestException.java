package dev.affinity.balancer;

/** A request the balancer refuses with {@code 400}; the message is short and safe to send as the body. */
final class MalformedRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedRequestException(String message) {
        super(message, null, false, false);
    }
}
