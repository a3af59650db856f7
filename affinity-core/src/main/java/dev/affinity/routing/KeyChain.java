package dev.affinity.routing;

import dev.affinity.config.ConfigException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ordered chain of key extractors parsed from the {@code key} setting, e.g.
 * {@code param:id,header:X-Customer-Id,session}. The first extractor that yields a non-blank value
 * wins; that value is then checked for length and control characters (a malformed session id is
 * no key at all, see {@link SessionKey}).
 */
public final class KeyChain {
    /** What the {@code key} setting accepts. */
    public static final String ACCEPTED = "a comma-separated list of param:NAME, header:NAME, cookie:NAME, "
            + "path:TEMPLATE (such as path:/customers/{key}/**) and session";

    private final KeyExtractor[] extractors;
    private final int maxLength;

    private KeyChain(List<KeyExtractor> extractors, int maxLength) {
        this.extractors = extractors.toArray(KeyExtractor[]::new);
        this.maxLength = maxLength;
    }

    /**
     * Parses a key specification.
     *
     * @param setting the setting's name, for error messages
     * @param spec the specification
     * @param maxLength the longest key accepted, in characters
     * @param sessionCookie the session cookie name used by {@code session}
     */
    public static KeyChain parse(String setting, String spec, int maxLength, String sessionCookie) {
        List<KeyExtractor> chain = new ArrayList<>();
        for (String item : spec.split(",")) {
            String link = item.trim();
            if (link.isEmpty()) {
                throw ConfigException.invalid(setting, spec, ACCEPTED);
            }
            int colon = link.indexOf(':');
            String kind = colon < 0 ? link : link.substring(0, colon);
            String argument = colon < 0 ? "" : link.substring(colon + 1).trim();
            if (kind.equals("session") && colon < 0) {
                chain.add(new SessionKey(sessionCookie, maxLength));
                continue;
            }
            if (argument.isEmpty()) {
                throw ConfigException.invalid(setting, spec, ACCEPTED);
            }
            chain.add(switch (kind) {
                case "param" -> new QueryParameterKey(argument);
                case "header" -> new HeaderKey(argument);
                case "cookie" -> new CookieKey(argument);
                case "path" -> new PathTemplateKey(setting, argument);
                default -> throw ConfigException.invalid(setting, spec, ACCEPTED);
            });
        }
        return new KeyChain(chain, maxLength);
    }

    /** The name of the chain's first {@code param:NAME}, if any: a key a request can carry in its query string. */
    public Optional<String> queryParameter() {
        for (KeyExtractor extractor : extractors) {
            if (extractor instanceof QueryParameterKey parameter) {
                return Optional.of(parameter.name());
            }
        }
        return Optional.empty();
    }

    /**
     * The request's key, or {@code null} when no extractor finds one.
     *
     * @throws InvalidKeyException when the key is too long, malformed or holds control characters
     */
    public PartitionKey extract(HttpServletRequest request) {
        for (KeyExtractor extractor : extractors) {
            PartitionKey key = extractor.extract(request);
            if (key != null && !key.value().isBlank()) {
                check(key.value());
                if (key.route() != null) {
                    check(key.route());
                }
                return key;
            }
        }
        return null;
    }

    private void check(String value) {
        if (value.length() > maxLength) {
            throw new InvalidKeyException("request key longer than " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidKeyException("request key contains a control character");
            }
        }
    }
}
