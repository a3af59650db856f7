package dev.affinity.session;

import java.io.IOException;

/** A backed-up attribute names a class that the allow-list refuses; it is never instantiated. */
final class RefusedClassException extends IOException {
    private static final long serialVersionUID = 1L;

    RefusedClassException(String message) {
        super(message);
    }
}
