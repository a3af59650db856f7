package dev.affinity.filter;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Which headers tell the owner about the original client. Values a client sent itself in any of
 * these headers, or in any other header a back end might trust for the client's address
 * ({@link #CLIENT_ADDRESS_HEADERS}), are always dropped first: the container decides who the client is (configure its
 * own trusted-proxy support, such as Tomcat's {@code RemoteIpValve} or Jetty's
 * {@code ForwardedRequestCustomizer}, when the nodes sit behind a load balancer), and the filter
 * passes on what the container concluded.
 */
enum ForwardedHeaderStyle {
    /** {@code X-Forwarded-For}, {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}. */
    X_FORWARDED {
        @Override
        void add(HttpServletRequest client, HttpFields.Mutable headers) {
            headers.add(HttpHeader.X_FORWARDED_FOR, client.getRemoteAddr());
            headers.add(HttpHeader.X_FORWARDED_PROTO, client.getScheme());
            String host = client.getHeader("Host");
            if (host != null) {
                headers.add(HttpHeader.X_FORWARDED_HOST, host);
            }
        }
    },
    /** RFC 7239 {@code Forwarded: for="...";proto=...;host="..."}. */
    FORWARDED {
        @Override
        void add(HttpServletRequest client, HttpFields.Mutable headers) {
            String address = client.getRemoteAddr();
            StringBuilder value = new StringBuilder("for=")
                    .append(quoted(address.indexOf(':') >= 0 ? "[" + address + "]" : address))
                    .append(";proto=").append(client.getScheme());
            String host = client.getHeader("Host");
            if (host != null) {
                value.append(";host=").append(quoted(host));
            }
            headers.add(HttpHeader.FORWARDED, value.toString());
        }
    };

    /**
     * The headers a back end might take as the client's address, scheme or host, none of which a
     * client may set on a forwarded request (lower case): they are all dropped, and only this
     * style's own headers are set.
     */
    static final Set<String> CLIENT_ADDRESS_HEADERS = Set.of("forwarded", "forwarded-for", "x-forwarded", "x-forwarded-for",
            "x-forwarded-proto", "x-forwarded-host", "x-forwarded-server", "x-forwarded-port", "x-forwarded-prefix",
            "x-forwarded-ssl", "x-forwarded-scheme", "x-url-scheme", "front-end-https", "x-real-ip", "true-client-ip",
            "x-client-ip", "client-ip", "x-cluster-client-ip", "cf-connecting-ip", "cf-connecting-ipv6", "fastly-client-ip",
            "x-originating-ip", "x-remote-ip", "x-remote-addr", "x-proxyuser-ip", "x-appengine-user-ip", "x-azure-clientip",
            "x-envoy-external-address");

    /** Adds this style's headers describing {@code client} to a forwarded request's headers. */
    abstract void add(HttpServletRequest client, HttpFields.Mutable headers);

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
