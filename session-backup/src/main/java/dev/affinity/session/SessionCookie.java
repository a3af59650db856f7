package dev.affinity.session;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import dev.affinity.routing.RoutingSettings;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The session cookie as configured: its name ({@code session.cookie}, shared with the routing
 * {@code session} key, so both filters read the same cookie) and its attributes
 * ({@code cookie.domain}, {@code cookie.path}, {@code cookie.secure}, {@code cookie.http-only},
 * {@code cookie.same-site}, {@code cookie.max-age}).
 */
final class SessionCookie {
    /** The names of these settings. */
    static final Set<String> NAMES = Set.of(RoutingSettings.SESSION_COOKIE, "cookie.domain", "cookie.path", "cookie.secure",
            "cookie.http-only", "cookie.same-site", "cookie.max-age");

    /** When the cookie is marked {@code Secure}. */
    enum Secure {
        /** When the request came over HTTPS (as the container sees it). */
        AUTO,
        /** Always. */
        TRUE,
        /** Never. */
        FALSE
    }

    /** The cookie's {@code SameSite} attribute. */
    enum SameSite {
        /** {@code SameSite=Lax}: sent on top-level navigations from other sites, not on their sub-requests or POSTs. */
        LAX,
        /** {@code SameSite=Strict}: sent only on requests from this site. */
        STRICT,
        /** {@code SameSite=None}: sent everywhere; browsers require {@code Secure}. */
        NONE,
        /** No {@code SameSite} attribute (the browser's default). */
        OFF
    }

    private final String name;
    private final Optional<String> domain;
    private final Optional<String> path;
    private final Secure secure;
    private final boolean httpOnly;
    private final SameSite sameSite;
    private final OptionalInt maxAgeSeconds;

    private SessionCookie(String name, Optional<String> domain, Optional<String> path, Secure secure, boolean httpOnly,
                          SameSite sameSite, OptionalInt maxAgeSeconds) {
        this.name = name;
        this.domain = domain;
        this.path = path;
        this.secure = secure;
        this.httpOnly = httpOnly;
        this.sameSite = sameSite;
        this.maxAgeSeconds = maxAgeSeconds;
    }

    /** Reads and checks the settings. */
    static SessionCookie from(Settings s) {
        String name = RoutingSettings.sessionCookie(s);
        Optional<String> domain = s.raw("cookie.domain");
        if (domain.isPresent() && !domain.get().matches("\\.?[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63}){0,126}")) {
            throw ConfigException.invalid("cookie.domain", domain.get(), "a domain name such as shop.example.com");
        }
        Optional<String> path = s.raw("cookie.path");
        if (path.isPresent() && !path.get().matches("/[\\x21-\\x3a\\x3c-\\x7e]{0,200}")) {
            throw ConfigException.invalid("cookie.path", path.get(), "a path starting with '/', without spaces or ';'");
        }
        Secure secure = s.choice("cookie.secure", Secure.class, Secure.AUTO);
        SameSite sameSite = s.choice("cookie.same-site", SameSite.class, SameSite.LAX);
        if (sameSite == SameSite.NONE && secure != Secure.TRUE) {
            throw ConfigException.invalid("cookie.same-site", "none", "lax, strict or off unless cookie.secure=true "
                    + "(browsers drop a SameSite=None cookie that is not Secure)");
        }
        OptionalInt maxAge = s.raw("cookie.max-age").isPresent()
                ? OptionalInt.of((int) Math.min(Integer.MAX_VALUE, s.duration("cookie.max-age", Duration.ZERO, Duration.ofSeconds(1)).toSeconds()))
                : OptionalInt.empty();
        return new SessionCookie(name, domain, path, secure, s.bool("cookie.http-only", true), sameSite, maxAge);
    }

    /** The cookie's name. */
    String name() {
        return name;
    }

    /** The cookie that gives the client session {@code id}, for a response to {@code request}. */
    Cookie create(String id, HttpServletRequest request) {
        Cookie cookie = new Cookie(name, id);
        String contextPath = request.getContextPath();
        cookie.setPath(path.orElse(contextPath == null || contextPath.isEmpty() ? "/" : contextPath));
        domain.ifPresent(cookie::setDomain);
        cookie.setHttpOnly(httpOnly);
        cookie.setSecure(secure == Secure.AUTO ? request.isSecure() : secure == Secure.TRUE);
        maxAgeSeconds.ifPresent(cookie::setMaxAge);
        if (sameSite != SameSite.OFF) {
            String value = sameSite.name();
            cookie.setAttribute("SameSite", value.charAt(0) + value.substring(1).toLowerCase(Locale.ROOT));
        }
        return cookie;
    }
}
