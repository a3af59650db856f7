package dev.affinity.session.serialization;

import java.io.IOException;

/** A backed-up attribute names a class that the allow-list refuses; it is never instantiated. */
public final class RefusedClassException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A refusal explained by {@code message}. */
    public RefusedClassException(String message) {
        super(message);
    }
}
