package dev.affinity.routing;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

/** {@code cookie:NAME}: the value of a request cookie. */
final class CookieKey implements KeyExtractor {
    private final String name;

    CookieKey(String name) {
        this.name = name;
    }

    @Override
    public PartitionKey extract(HttpServletRequest request) {
        String value = cookie(request, name);
        return value == null ? null : PartitionKey.of(value);
    }

    private static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (cookie.getName().equals(name)) {
                return cookie.getValue();
            }
        }
        return null;
    }
}
