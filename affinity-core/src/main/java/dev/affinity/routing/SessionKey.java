package dev.affinity.routing;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/**
 * {@code session}: the session id from the session cookie (default {@code JSESSIONID}) or the
 * {@code ;jsessionid=} path parameter. An id {@code <random>.<route>} prefers the member named
 * {@code route}, and is placed by the hash of {@code <random>} when that member is down, so the
 * fallback node does not change when the id is re-issued with a new route.
 */
final class SessionKey implements KeyExtractor {
    private final String cookieName;
    private final String pathParameter;

    SessionKey(String cookieName) {
        this.cookieName = cookieName;
        this.pathParameter = ";" + cookieName.toLowerCase(Locale.ROOT) + "=";
    }

    @Override
    public PartitionKey extract(HttpServletRequest request) {
        String id = CookieKey.cookie(request, cookieName);
        if (id == null || id.isBlank()) {
            id = fromPath(request.getRequestURI());
        }
        return id == null || id.isBlank() ? null : split(id);
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
