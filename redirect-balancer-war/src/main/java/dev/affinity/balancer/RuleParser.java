package dev.affinity.balancer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.affinity.config.ConfigException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Parses the {@code rules} array of the balancer's file: each rule is an object with one condition
 * ({@code path} prefix, {@code glob}, {@code param} or {@code header}; the last two with a
 * {@code value}) and the {@code pool} it sends matching requests to.
 */
final class RuleParser {
    /** The fields a rule may have. */
    static final Set<String> FIELDS = Set.of("path", "glob", "param", "header", "value", "pool");
    private static final String ACCEPTED = "an object with one of path, glob, param or header "
            + "(param and header with a value) and a pool, such as {\"header\": \"X-Tier\", \"value\": \"gold\", \"pool\": \"premium\"}";

    private final Set<String> pools;

    RuleParser(Set<String> pools) {
        this.pools = pools;
    }

    List<PoolRule> parse(JsonNode rules) {
        List<PoolRule> parsed = new ArrayList<>();
        if (rules == null || rules.isNull()) {
            return parsed;
        }
        if (!rules.isArray()) {
            throw new ConfigException("affinity setting 'rules' must be an array of rules, each " + ACCEPTED);
        }
        for (int i = 0; i < rules.size(); i++) {
            parsed.add(parseRule("rules[" + i + "]", rules.get(i)));
        }
        return List.copyOf(parsed);
    }

    private PoolRule parseRule(String field, JsonNode rule) {
        if (!rule.isObject()) {
            throw new ConfigException("affinity setting '" + field + "' must be " + ACCEPTED);
        }
        for (Iterator<String> names = rule.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new ConfigException("affinity setting '" + field + "." + name + "' is unknown: a rule is " + ACCEPTED);
            }
        }
        String pool = text(rule, field, "pool");
        if (pool == null || !pools.contains(pool)) {
            throw ConfigException.invalid(field + ".pool", String.valueOf(pool), "one of the pools " + pools);
        }
        List<String> conditions = new ArrayList<>();
        rule.fieldNames().forEachRemaining(n -> {
            if (!n.equals("pool") && !n.equals("value")) {
                conditions.add(n);
            }
        });
        if (conditions.size() != 1) {
            throw new ConfigException("affinity setting '" + field + "' must have exactly one of path, glob, param or header; it has " + conditions);
        }
        String kind = conditions.get(0);
        String argument = text(rule, field, kind);
        String value = text(rule, field, "value");
        Predicate<BalancedRequest> condition = switch (kind) {
            case "path" -> PoolRule.pathPrefix(path(field + ".path", argument));
            case "glob" -> PoolRule.pathGlob(path(field + ".glob", argument));
            case "param" -> PoolRule.parameter(name(field + ".param", argument), required(field + ".value", value));
            default -> PoolRule.header(name(field + ".header", argument), required(field + ".value", value));
        };
        if (value != null && (kind.equals("path") || kind.equals("glob"))) {
            throw new ConfigException("affinity setting '" + field + ".value' is only accepted with param or header");
        }
        String description = kind + ":" + argument + (value == null ? "" : "=" + value) + " -> " + pool;
        return new PoolRule(description, condition, pool);
    }

    private static String text(JsonNode rule, String field, String name) {
        JsonNode node = rule.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ConfigException("affinity setting '" + field + "." + name + "' must be a string");
        }
        return node.asText();
    }

    private static String path(String field, String value) {
        if (value == null || !value.startsWith("/") || value.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#' || c == '\\')) {
            throw ConfigException.invalid(field, String.valueOf(value), "an absolute path such as /premium/ or /shop/*/checkout/**");
        }
        return value;
    }

    private static String name(String field, String value) {
        if (value == null || !value.matches("[A-Za-z0-9_.-]{1,128}")) {
            throw ConfigException.invalid(field, String.valueOf(value), "a parameter or header name of letters, digits, '_', '.' or '-'");
        }
        return value;
    }

    private static String required(String field, String value) {
        if (value == null) {
            throw new ConfigException("affinity setting '" + field + "' is required: the value the parameter or header must have");
        }
        return value;
    }
}
