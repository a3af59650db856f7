package dev.affinity.routing;

import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code param:NAME}: the first value of a query-string parameter. The body is never read, so a
 * forwarded request's body reaches the owner untouched.
 */
final class QueryParameterKey implements KeyExtractor {
    private final String name;

    QueryParameterKey(String name) {
        this.name = name;
    }

    /** The parameter's name. */
    String name() {
        return name;
    }

    @Override
    public PartitionKey extract(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null) {
            return null;
        }
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            int eq = query.indexOf('=', start);
            if (eq > start && eq < end && nameMatches(query, start, eq)) {
                return PartitionKey.of(UrlDecoding.decode(query.substring(eq + 1, end), true));
            }
            start = end + 1;
        }
        return null;
    }

    private boolean nameMatches(String query, int start, int end) {
        boolean encoded = false;
        for (int i = start; i < end && !encoded; i++) {
            char c = query.charAt(i);
            encoded = c == '%' || c == '+';
        }
        if (encoded) {
            return UrlDecoding.decode(query.substring(start, end), true).equals(name);
        }
        return end - start == name.length() && query.startsWith(name, start);
    }
}
