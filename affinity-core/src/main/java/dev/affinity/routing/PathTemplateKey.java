package dev.affinity.routing;

import dev.affinity.config.ConfigException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code path:TEMPLATE}: a segment of the path within the application, e.g.
 * {@code /customers/{key}/**}. Segments are literals, {@code *} (any one segment), exactly one
 * {@code {key}} (the captured, percent-decoded segment) and an optional final {@code **} (any rest).
 */
final class PathTemplateKey implements KeyExtractor {
    private static final String ACCEPTED = "a path template such as /customers/{key}/** with exactly one {key} segment, "
            + "literal or * segments, and ** only at the end";
    private final String[] segments;
    private final boolean openEnded;

    PathTemplateKey(String setting, String template) {
        if (!template.startsWith("/")) {
            throw ConfigException.invalid(setting, "path:" + template, ACCEPTED);
        }
        String[] parts = template.substring(1).split("/", -1);
        boolean open = parts.length > 0 && parts[parts.length - 1].equals("**");
        int count = open ? parts.length - 1 : parts.length;
        segments = new String[count];
        int captures = 0;
        for (int i = 0; i < count; i++) {
            String part = parts[i];
            if (part.equals("{key}")) {
                captures++;
            } else if (part.isEmpty() || part.contains("{") || part.contains("}") || part.equals("**")) {
                throw ConfigException.invalid(setting, "path:" + template, ACCEPTED);
            }
            segments[i] = part;
        }
        if (captures != 1) {
            throw ConfigException.invalid(setting, "path:" + template, ACCEPTED);
        }
        openEnded = open;
    }

    @Override
    public PartitionKey extract(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String path = uri.substring(Math.min(request.getContextPath().length(), uri.length()));
        if (!path.startsWith("/")) {
            return null;
        }
        String[] actual = path.substring(1).split("/", -1);
        if (actual.length < segments.length || (!openEnded && actual.length != segments.length)) {
            return null;
        }
        String key = null;
        for (int i = 0; i < segments.length; i++) {
            String segment = withoutPathParameters(actual[i]);
            switch (segments[i]) {
                case "{key}" -> key = segment;
                case "*" -> { }
                default -> {
                    if (!segments[i].equals(UrlDecoding.decode(segment, false))) {
                        return null;
                    }
                }
            }
        }
        return key == null || key.isEmpty() ? null : PartitionKey.of(UrlDecoding.decode(key, false));
    }

    private static String withoutPathParameters(String segment) {
        int semicolon = segment.indexOf(';');
        return semicolon < 0 ? segment : segment.substring(0, semicolon);
    }
}
