package dev.affinity.routing;

import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code session}: the session id from the session cookie (default {@code JSESSIONID}) or the
 * {@code ;jsessionid=} path parameter. An id {@code <random>.<route>} prefers the member named
 * {@code route}, and is placed by the hash of {@code <random>} when that member is down, so the
 * fallback node does not change when the id is re-issued with a new route. An id longer than the
 * key's maximum length, or holding anything but visible ASCII, is no session id of ours (a cookie
 * planted from a sibling domain, say): the request has no session key, rather than being refused.
 */
final class SessionKey implements KeyExtractor {
    private final SessionIdReader reader;
    private final int maxLength;

    SessionKey(String cookieName, int maxLength) {
        this.reader = new SessionIdReader(cookieName, this::wellFormed);
        this.maxLength = maxLength;
    }

    @Override
    public PartitionKey extract(HttpServletRequest request) {
        String id = reader.fromCookie(request);
        if (id == null) {
            id = reader.fromPath(request);
        }
        return id == null ? null : new PartitionKey(SessionIdReader.keyOf(id), SessionIdReader.routeOf(id));
    }

    private boolean wellFormed(String id) {
        if (id.isBlank() || id.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }
}
