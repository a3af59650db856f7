package dev.affinity.routing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Strict percent-decoding of query and path parts: malformed escapes are an {@link InvalidKeyException}. */
final class UrlDecoding {
    private UrlDecoding() {
    }

    static String decode(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0 && (!plusIsSpace || raw.indexOf('+') < 0)) {
            return raw;
        }
        try {
            return URLDecoder.decode(plusIsSpace ? raw : raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException("malformed percent-encoding in the request key");
        }
    }
}
