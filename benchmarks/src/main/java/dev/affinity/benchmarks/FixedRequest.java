package dev.affinity.benchmarks;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.Proxy;

/**
 * A request with a fixed query string and URI, for measuring key extraction without a container.
 * The methods key extraction calls answer directly; any other method fails loudly.
 */
final class FixedRequest extends HttpServletRequestWrapper {
    private static final HttpServletRequest UNSUPPORTED = (HttpServletRequest) Proxy.newProxyInstance(
            FixedRequest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName() + " is not part of the benchmark");
            });

    private final String queryString;
    private final String uri;

    FixedRequest(String uri, String queryString) {
        super(UNSUPPORTED);
        this.uri = uri;
        this.queryString = queryString;
    }

    /** {@code count} requests {@code /price?id=customer-N&amount=2}, N from 0, for benchmarks that cycle over them. */
    static FixedRequest[] prices(int count) {
        FixedRequest[] requests = new FixedRequest[count];
        for (int i = 0; i < count; i++) {
            requests[i] = new FixedRequest("/price", "id=customer-" + i + "&amount=2");
        }
        return requests;
    }

    @Override
    public String getQueryString() {
        return queryString;
    }

    @Override
    public String getRequestURI() {
        return uri;
    }

    @Override
    public String getContextPath() {
        return "";
    }

    @Override
    public String getHeader(String name) {
        return null;
    }

    @Override
    public Cookie[] getCookies() {
        return null;
    }
}
