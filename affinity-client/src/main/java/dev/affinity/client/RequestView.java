package dev.affinity.client;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

/**
 * An outgoing request seen as the nodes' key extractors read an incoming one: a read-only
 * {@link HttpServletRequest} that answers only what they ask (the request URI and query, the
 * context path, headers, cookies and method), so the client runs the nodes' own key chain. Any
 * other method is refused.
 */
final class RequestView {
    private RequestView() {
    }

    /** The view of a request to {@code uri} with {@code headers}, for a webapp at {@code contextPath}. */
    static HttpServletRequest of(String method, URI uri, HttpHeaders headers, String contextPath) {
        Object[] cookies = {null};
        return (HttpServletRequest) Proxy.newProxyInstance(RequestView.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, called, args) -> switch (called.getName()) {
                    case "getRequestURI" -> uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                    case "getQueryString" -> uri.getRawQuery();
                    case "getContextPath" -> contextPath;
                    case "getMethod" -> method;
                    case "getHeader" -> headers.firstValue((String) args[0]).orElse(null);
                    case "getCookies" -> {
                        if (cookies[0] == null) {
                            cookies[0] = cookies(headers);
                        }
                        Cookie[] parsed = (Cookie[]) cookies[0];
                        yield parsed.length == 0 ? null : parsed.clone();
                    }
                    case "toString" -> method + " " + uri;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException("affinity: the client's request view has no " + called.getName());
                });
    }

    /** The cookies of every {@code Cookie} header ({@code a=1; b=2}); a pair that is no valid cookie is left out. */
    static Cookie[] cookies(HttpHeaders headers) {
        List<Cookie> cookies = new ArrayList<>();
        for (String header : headers.allValues("Cookie")) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                try {
                    cookies.add(new Cookie(pair.substring(0, eq).trim(), value));
                } catch (IllegalArgumentException e) {
                    // not a cookie name: as if absent, as a container skips it
                }
            }
        }
        return cookies.toArray(Cookie[]::new);
    }
}
