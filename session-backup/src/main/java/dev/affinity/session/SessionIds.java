package dev.affinity.session;

import dev.affinity.routing.SessionIdReader;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Session ids of the form {@code <random>.<route>}: 24 random bytes in URL-safe Base64 and the
 * route of the node holding the live copy, so the affinity filter's {@code session} key routes
 * them like Tomcat's {@code jvmRoute}. The random part names the backup entry (through its keyed
 * hash) and never changes when the session moves to another node; {@code changeSessionId()} and a
 * new route do.
 */
final class SessionIds {
    private static final Pattern RANDOM = Pattern.compile("[A-Za-z0-9_-]{32}");
    private static final SecureRandom SOURCE = new SecureRandom();

    private final Supplier<String> route;

    /** Ids with this node's route, known by the time the first id is issued. */
    SessionIds(Supplier<String> route) {
        this.route = route;
    }

    /** A fresh random part. */
    static String newKey() {
        byte[] bytes = new byte[24];
        SOURCE.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The id this node issues for {@code key}. */
    String idFor(String key) {
        return key + "." + route.get();
    }

    /** This node's route. */
    String route() {
        return route.get();
    }

    /** The random part of a well-formed id, or {@code null} for anything else (never looked up). */
    static String keyOf(String id) {
        if (id == null || id.length() > 128) {
            return null;
        }
        String key = SessionIdReader.keyOf(id);
        return RANDOM.matcher(key).matches() ? key : null;
    }

    /** The route of an id, or {@code null} when it has none. */
    static String routeOf(String id) {
        return SessionIdReader.routeOf(id);
    }
}
