package dev.affinity.routing;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/**
 * {@code session}: the session id from the session cookie (default {@code JSESSIONID}) or the
 * {@code ;jsessionid=} path parameter. An id {@code <random>.<route>} prefers the member named
 * {@code route}, and is placed by the hash of {@code <random>} when that member is down, so the
 * fallback node does not change when the id is re-issued with a new route. An id longer than the
 * key's maximum length, or holding anything but visible ASCII, is no session id of ours (a cookie
 * planted from a sibling domain, say): the request has no session key, rather than being refused.
 */
final class SessionKey implements KeyExtractor {
    private final String cookieName;
    private final String pathParameter;
    private final int maxLength;

    SessionKey(String cookieName, int maxLength) {
        this.cookieName = cookieName;
        this.pathParameter = ";" + cookieName.toLowerCase(Locale.ROOT) + "=";
        this.maxLength = maxLength;
    }

    @Override
    public PartitionKey extract(HttpServletRequest request) {
        String id = CookieKey.cookie(request, cookieName);
        if (id == null || id.isBlank()) {
            id = fromPath(request.getRequestURI());
        }
        return id == null || id.isBlank() || !wellFormed(id) ? null : split(id);
    }

    private boolean wellFormed(String id) {
        if (id.length() > maxLength) {
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

    /** Splits a session id into its hashed part and its route. */
    static PartitionKey split(String id) {
        int dot = id.lastIndexOf('.');
        if (dot <= 0 || dot == id.length() - 1) {
            return PartitionKey.of(id);
        }
        return new PartitionKey(id.substring(0, dot), id.substring(dot + 1));
    }

    private String fromPath(String uri) {
        int start = uri.toLowerCase(Locale.ROOT).indexOf(pathParameter);
        if (start < 0) {
            return null;
        }
        start += pathParameter.length();
        int end = start;
        while (end < uri.length() && uri.charAt(end) != ';' && uri.charAt(end) != '/' && uri.charAt(end) != '?') {
            end++;
        }
        return uri.substring(start, end);
    }
}
