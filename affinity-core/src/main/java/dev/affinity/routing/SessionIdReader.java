package dev.affinity.routing;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Reads the session id a request carries, the one way shared by the {@code session} routing key
 * and the session backup's request: the first cookie of the session cookie's name whose value is
 * accepted (a second cookie planted from a sibling domain does not hide the real one), or the
 * {@code ;name=} path parameter. An id {@code <key>.<route>} is split at its first dot, as Tomcat
 * splits its {@code jvmRoute}: the key is what is hashed and stays when the session moves, the
 * route names the node holding the live copy.
 */
public final class SessionIdReader {
    private final String cookieName;
    private final String pathParameter;
    private final Predicate<String> accepted;

    /**
     * @param cookieName the session cookie's name; the path parameter is its lower-case form
     * @param accepted   which ids are read at all; any other value is as if absent
     */
    public SessionIdReader(String cookieName, Predicate<String> accepted) {
        this.cookieName = cookieName;
        this.pathParameter = ";" + cookieName.toLowerCase(Locale.ROOT) + "=";
        this.accepted = accepted;
    }

    /** The value of the first accepted session cookie, or {@code null}. */
    public String fromCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (cookie.getName().equals(cookieName) && accepted.test(cookie.getValue())) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /** The accepted id in the request URI's {@code ;name=} path parameter, or {@code null}. */
    public String fromPath(HttpServletRequest request) {
        String uri = request.getRequestURI();
        int start = uri == null ? -1 : uri.toLowerCase(Locale.ROOT).indexOf(pathParameter);
        if (start < 0) {
            return null;
        }
        start += pathParameter.length();
        int end = start;
        while (end < uri.length() && uri.charAt(end) != ';' && uri.charAt(end) != '/' && uri.charAt(end) != '?') {
            end++;
        }
        String id = uri.substring(start, end);
        return accepted.test(id) ? id : null;
    }

    /** The part of an id that is hashed: all of it when it has no route. */
    public static String keyOf(String id) {
        int dot = routeDot(id);
        return dot < 0 ? id : id.substring(0, dot);
    }

    /** The route of an id, or {@code null} when it has none. */
    public static String routeOf(String id) {
        int dot = routeDot(id);
        return dot < 0 ? null : id.substring(dot + 1);
    }

    private static int routeDot(String id) {
        int dot = id.indexOf('.');
        return dot <= 0 || dot == id.length() - 1 ? -1 : dot;
    }
}
