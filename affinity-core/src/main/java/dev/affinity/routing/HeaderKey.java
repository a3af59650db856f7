package dev.affinity.routing;

import jakarta.servlet.http.HttpServletRequest;

/** {@code header:NAME}: the first value of a request header. */
final class HeaderKey implements KeyExtractor {
    private final String name;

    HeaderKey(String name) {
        this.name = name;
    }

    @Override
    public PartitionKey extract(HttpServletRequest request) {
        String value = request.getHeader(name);
        return value == null ? null : PartitionKey.of(value);
    }
}
