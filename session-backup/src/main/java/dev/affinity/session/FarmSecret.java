package dev.affinity.session;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import java.util.Optional;

/**
 * The farm secret as the session filter reads it: {@code secret} (the affinity filter's setting,
 * environment variable {@code AFFINITY_SECRET}), from which the backups' keys and the fileless
 * Hazelcast cluster name are derived, and {@code secret.previous}, still accepted for reading
 * backups while the secret is rotated.
 */
final class FarmSecret {
    /** The shortest secret accepted. */
    static final int MIN_LENGTH = 16;
    private static final String ACCEPTED = "a random string of at least " + MIN_LENGTH
            + " characters, the same on every node (or the environment variable ";

    private FarmSecret() {
    }

    /** The current secret. */
    static String current(Settings s) {
        String secret = s.required("secret", ACCEPTED + "AFFINITY_SECRET); the session backups are encrypted with keys derived from it");
        return checked("secret", secret, "AFFINITY_SECRET");
    }

    /** The previous secret, if set. */
    static Optional<String> previous(Settings s) {
        return s.raw("secret.previous").map(previous -> checked("secret.previous", previous, "AFFINITY_SECRET_PREVIOUS"));
    }

    private static String checked(String name, String value, String environment) {
        if (value.length() < MIN_LENGTH) {
            throw new ConfigException("affinity setting '" + name + "' is too short: accepted: " + ACCEPTED + environment + ")");
        }
        return value;
    }
}
