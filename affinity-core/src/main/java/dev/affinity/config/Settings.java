package dev.affinity.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A component's settings, merged from five layers, lowest precedence first: the webapp's context
 * parameters {@code affinity.<name>} (Tomcat {@code context.xml} {@code <Parameter>}s included), the
 * given parameters (filter init-params), the JSON file named by the {@code config} setting (a file,
 * {@code classpath:NAME} or {@code /WEB-INF/NAME}), system properties {@code affinity.<name>}, and
 * environment variables {@code AFFINITY_<NAME>} (upper case, with {@code .} and {@code -} as
 * {@code _}). Names unknown to the component fail in the parameters and the file; context
 * parameters, system properties and the environment are shared by every component of a webapp or
 * JVM, so only known names are read from them. Typed getters fail with a message naming the
 * setting and what it accepts.
 */
public final class Settings {
    /** The setting that names a JSON file of further settings. */
    public static final String CONFIG_FILE = "config";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");
    private static final Pattern COOKIE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9_./-]{0,200}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> values;
    private final ConfigResources resources;

    private Settings(Map<String, String> values, ConfigResources resources) {
        this.values = values;
        this.resources = resources;
    }

    /** Settings from explicit values only (tests, programmatic use): no file, property or environment. */
    public static Settings of(Map<String, String> values, Set<String> known) {
        Map<String, String> merged = new LinkedHashMap<>();
        putChecked(merged, values, known, "parameter");
        return new Settings(merged, ConfigResources.ofThread());
    }

    /** Settings from {@code parameters}, the JSON file, system properties and the environment. */
    public static Settings load(Map<String, String> parameters, Set<String> known) {
        return load(parameters, known, SettingSources.system());
    }

    /** As {@link #load(Map, Set)}, with the property and environment look-ups given. */
    public static Settings load(Map<String, String> parameters, Set<String> known,
                                UnaryOperator<String> properties, UnaryOperator<String> environment) {
        return load(parameters, known, new SettingSources(name -> null, properties, environment, ConfigResources.ofThread()));
    }

    /** A filter's settings: its init-params, with the layers of its webapp ({@link SettingSources#of(ServletContext)}). */
    public static Settings forFilter(FilterConfig config, Set<String> known) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : Collections.list(config.getInitParameterNames())) {
            parameters.put(name, config.getInitParameter(name));
        }
        return load(parameters, known, SettingSources.of(config.getServletContext()));
    }

    /** Settings from the context parameters, {@code parameters}, the JSON file, system properties and the environment. */
    public static Settings load(Map<String, String> parameters, Set<String> known, SettingSources sources) {
        Set<String> accepted = new TreeSet<>(known);
        accepted.add(CONFIG_FILE);
        Map<String, String> merged = new LinkedHashMap<>();
        for (String name : accepted) {
            String value = sources.contextParameters().apply(SettingSources.PREFIX + name);
            if (value != null) {
                merged.put(name, value);
            }
        }
        putChecked(merged, parameters, accepted, "parameter");
        String file = overridden(CONFIG_FILE, merged.get(CONFIG_FILE), sources);
        if (file != null && !file.isBlank()) {
            ConfigResource resource = sources.resources().locate(CONFIG_FILE, file);
            putChecked(merged, readJson(resource), accepted, "setting in " + resource);
        }
        for (String name : accepted) {
            String value = overridden(name, merged.get(name), sources);
            if (value != null) {
                merged.put(name, value);
            }
        }
        return new Settings(merged, sources.resources());
    }

    /** The environment variable that overrides {@code name}. */
    public static String environmentName(String name) {
        return "AFFINITY_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The raw value, trimmed, if set and not blank. */
    public Optional<String> raw(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The shortest farm secret accepted. */
    public static final int MIN_SECRET_LENGTH = 16;

    /** A farm secret (at least {@value #MIN_SECRET_LENGTH} characters), if it is set. */
    public Optional<String> secret(String name) {
        Optional<String> secret = raw(name);
        if (secret.isPresent() && secret.get().length() < MIN_SECRET_LENGTH) {
            throw new ConfigException("affinity setting '" + name + "' is too short: accepted: a random string of at least "
                    + MIN_SECRET_LENGTH + " characters, the same on every node");
        }
        return secret;
    }

    /** The file, class-path resource or webapp resource the setting {@code name} names, if it is set. */
    public Optional<ConfigResource> resource(String name) {
        return raw(name).map(value -> resources.locate(name, value));
    }

    /** A required value. */
    public String required(String name, String accepted) {
        return raw(name).orElseThrow(() -> new ConfigException(
                "affinity setting '" + name + "' is required: accepted: " + accepted));
    }

    /** A string value, or the default. */
    public String string(String name, String defaultValue) {
        return raw(name).orElse(defaultValue);
    }

    /** A whole number within {@code [min, max]}. */
    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> raw = raw(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String accepted = "a whole number from " + min + " to " + max;
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw ConfigException.invalid(name, raw.get(), accepted);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(name, raw.get(), accepted);
        }
    }

    /** {@code true} or {@code false}. */
    public boolean bool(String name, boolean defaultValue) {
        Optional<String> raw = raw(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ConfigException.invalid(name, raw.get(), "true or false");
        };
    }

    /**
     * A duration such as {@code 500ms}, {@code 2s}, {@code 1m} or {@code 1h} (a bare number is
     * seconds), at least {@code min}.
     */
    public Duration duration(String name, Duration defaultValue, Duration min) {
        Optional<String> raw = raw(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String accepted = "a duration of at least " + format(min) + " such as 500ms, 2s, 1m or 1h";
        Matcher m = DURATION.matcher(raw.get());
        if (!m.matches()) {
            throw ConfigException.invalid(name, raw.get(), accepted);
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration value = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (value.compareTo(min) < 0) {
            throw ConfigException.invalid(name, raw.get(), accepted);
        }
        return value;
    }

    /** One of an enum's constants, by its lower-case name ({@code -} for {@code _}). */
    public <E extends Enum<E>> E choice(String name, Class<E> type, E defaultValue) {
        return choice(name, EnumSet.allOf(type), defaultValue);
    }

    /** One of the {@code accepted} constants, by its lower-case name ({@code -} for {@code _}). */
    public <E extends Enum<E>> E choice(String name, EnumSet<E> accepted, E defaultValue) {
        Optional<String> raw = raw(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        for (E constant : accepted) {
            if (constant.name().equalsIgnoreCase(raw.get().replace('-', '_'))) {
                return constant;
            }
        }
        StringJoiner names = new StringJoiner(", ");
        accepted.forEach(c -> names.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        throw ConfigException.invalid(name, raw.get(), names.toString());
    }

    /** A cookie name: 1 to 64 letters, digits, {@code _}, {@code .} or {@code -}; the default when not set. */
    public String cookieName(String name, String defaultValue) {
        Optional<String> raw = raw(name);
        if (raw.isPresent() && !COOKIE_NAME.matcher(raw.get()).matches()) {
            throw ConfigException.invalid(name, raw.get(), "a cookie name of 1 to 64 letters, digits, '_', '.' or '-'");
        }
        return raw.orElse(defaultValue);
    }

    /**
     * A path under the context path, such as {@code /affinity/status}: {@code /} then up to 200
     * letters, digits, {@code _}, {@code .}, {@code /} or {@code -} (so it equals the raw request
     * path that reaches it); the default when not set.
     */
    public String path(String name, String defaultValue) {
        Optional<String> raw = raw(name);
        if (raw.isPresent() && !PATH.matcher(raw.get()).matches()) {
            throw ConfigException.invalid(name, raw.get(), "a path starting with '/' of letters, digits, '_', '.', '/' or '-', "
                    + "such as " + defaultValue);
        }
        return raw.orElse(defaultValue);
    }

    private static String overridden(String name, String current, SettingSources sources) {
        String value = current;
        String property = sources.properties().apply(SettingSources.PREFIX + name);
        if (property != null) {
            value = property;
        }
        String env = sources.environment().apply(environmentName(name));
        if (env != null) {
            value = env;
        }
        return value;
    }

    private static void putChecked(Map<String, String> target, Map<String, String> source, Set<String> known, String what) {
        for (Map.Entry<String, String> e : source.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new ConfigException("unknown affinity " + what + " '" + e.getKey() + "': known settings: " + String.join(", ", known));
            }
            target.put(e.getKey(), e.getValue());
        }
    }

    /**
     * Reads the JSON object in {@code resource}.
     *
     * @throws ConfigException naming the setting and the resource: not found, not readable, malformed or not an object
     */
    public static JsonNode readJsonObject(ConfigResource resource) {
        byte[] bytes = resource.read("the JSON file");
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ConfigException("affinity setting '" + resource.setting() + "': the JSON file " + resource + " is malformed: "
                    + e.getOriginalMessage() + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new ConfigException("affinity setting '" + resource.setting() + "': cannot read the JSON file " + resource + ": " + e, e);
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new ConfigException("affinity setting '" + resource.setting() + "': " + resource + " must hold a JSON object");
        }
        return root;
    }

    private static Map<String, String> readJson(ConfigResource resource) {
        JsonNode root = readJsonObject(resource);
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", root, flat, resource);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> flat, ConfigResource file) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(name + ".", value, flat, file);
            } else if (value.isArray()) {
                StringJoiner joined = new StringJoiner(",");
                value.forEach(item -> joined.add(item.asText()));
                flat.put(name, joined.toString());
            } else if (value.isValueNode() && !value.isNull()) {
                flat.put(name, value.asText());
            } else {
                throw new ConfigException("affinity setting '" + name + "' in " + file + " must be a string, number, boolean, array or object");
            }
        }
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
