package dev.affinity.balancer;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The parts of a request the balancer uses, checked before anything else looks at them: the raw
 * path below the balancer's context path and the raw query. Both may hold only the characters
 * RFC 3986 allows there, with well-formed percent-escapes that decode to no control character and
 * no backslash; the path must start with one {@code /}. Anything else is a
 * {@link MalformedRequestException}.
 */
final class BalancedRequest {
    private static final int MAX_LENGTH = 8192;

    private final HttpServletRequest servletRequest;
    private final String path;
    private final String query;

    private BalancedRequest(HttpServletRequest servletRequest, String path, String query) {
        this.servletRequest = servletRequest;
        this.path = path;
        this.query = query;
    }

    /** Checks {@code request}'s path and query. */
    static BalancedRequest of(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = uri.startsWith(context) ? uri.substring(context.length()) : uri;
        if (path.isEmpty()) {
            path = "/";
        }
        return of(request, path, request.getQueryString());
    }

    /** Checks {@code path} (below the context path) and {@code query} (or {@code null}) of {@code request}. */
    static BalancedRequest of(HttpServletRequest request, String path, String query) {
        checkPath(path);
        if (query != null) {
            check("query", query, true);
        }
        return new BalancedRequest(request, path, query);
    }

    /** The raw path below the context path, starting with {@code /}. */
    String path() {
        return path;
    }

    /** The raw query, or {@code null}. */
    String query() {
        return query;
    }

    /** The request as the container gave it. */
    HttpServletRequest servletRequest() {
        return servletRequest;
    }

    /**
     * The {@code Location} of this request on the member whose configured base URL is {@code base}:
     * the scheme and authority that {@link URI} parsed from the configuration, then the checked
     * path and query. Nothing from the request can change the target: the path starts with exactly
     * one {@code /}, so it cannot start an authority, and path and query hold only characters RFC
     * 3986 allows there, so nothing ends them early (no {@code #}, no {@code ?} in the path, no
     * space, CR or LF). The result is therefore a valid URI, without the cost of parsing it again.
     */
    String locationOn(URI base) {
        String authority = base.getScheme() + "://" + base.getRawAuthority();
        return query == null ? authority + path : authority + path + "?" + query;
    }

    /** The decoded first value of query parameter {@code name}, or {@code null}. Never reads a body. */
    String parameter(String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void checkPath(String path) {
        if (!path.startsWith("/")) {
            throw new MalformedRequestException("malformed request path: it must start with '/'");
        }
        if (path.startsWith("//")) {
            throw new MalformedRequestException("malformed request path: it must not start with '//'");
        }
        check("path", path, false);
    }

    private static void check(String part, String raw, boolean query) {
        if (raw.length() > MAX_LENGTH) {
            throw new MalformedRequestException("request " + part + " longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int decoded = escape(raw, i, part);
                if (decoded < 0x20 || decoded == 0x7f || decoded == '\\') {
                    throw new MalformedRequestException("request " + part + " encodes a control character or backslash");
                }
                i += 2;
            } else if (c == '\\') {
                throw new MalformedRequestException("request " + part + " contains a backslash");
            } else if (!allowed(c, query)) {
                throw new MalformedRequestException("request " + part + " contains a character that must be percent-encoded");
            }
        }
    }

    private static int escape(String raw, int at, String part) {
        if (at + 2 >= raw.length()) {
            throw new MalformedRequestException("malformed percent-encoding in the request " + part);
        }
        int high = Character.digit(raw.charAt(at + 1), 16);
        int low = Character.digit(raw.charAt(at + 2), 16);
        if (high < 0 || low < 0) {
            throw new MalformedRequestException("malformed percent-encoding in the request " + part);
        }
        return high * 16 + low;
    }

    /** RFC 3986 pchar, '/' and, in a query, '?'. */
    private static boolean allowed(char c, boolean query) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0 || (query && c == '?');
    }
}
