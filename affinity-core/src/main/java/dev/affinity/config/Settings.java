package dev.affinity.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
 * A component's settings, merged from four layers, lowest precedence first: the given parameters
 * (filter init-params or context parameters), the JSON file named by the {@code config} setting,
 * system properties {@code affinity.<name>}, and environment variables {@code AFFINITY_<NAME>}
 * (upper case, with {@code .} and {@code -} as {@code _}). Names unknown to the component fail in
 * the first two layers; the last two are shared by every component of a JVM, so only known names
 * are read from them. Typed getters fail with a message naming the setting and what it accepts.
 */
public final class Settings {
    /** The setting that names a JSON file of further settings. */
    public static final String CONFIG_FILE = "config";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    /** Settings from explicit values only (tests, programmatic use): no file, property or environment. */
    public static Settings of(Map<String, String> values, Set<String> known) {
        Map<String, String> merged = new LinkedHashMap<>();
        putChecked(merged, values, known, "parameter");
        return new Settings(merged);
    }

    /** Settings from {@code parameters}, the JSON file, system properties and the environment. */
    public static Settings load(Map<String, String> parameters, Set<String> known) {
        return load(parameters, known, System::getProperty, System::getenv);
    }

    /** As {@link #load(Map, Set)}, with the property and environment look-ups given. */
    public static Settings load(Map<String, String> parameters, Set<String> known,
                                UnaryOperator<String> properties, UnaryOperator<String> environment) {
        Set<String> accepted = new TreeSet<>(known);
        accepted.add(CONFIG_FILE);
        Map<String, String> merged = new LinkedHashMap<>();
        putChecked(merged, parameters, accepted, "parameter");
        String file = overridden(CONFIG_FILE, merged.get(CONFIG_FILE), properties, environment);
        if (file != null && !file.isBlank()) {
            putChecked(merged, readJson(Path.of(file.trim())), accepted, "setting in " + file);
        }
        for (String name : accepted) {
            String value = overridden(name, merged.get(name), properties, environment);
            if (value != null) {
                merged.put(name, value);
            }
        }
        return new Settings(merged);
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

    /** One of an enum's constants, by its lower-case name. */
    public <E extends Enum<E>> E choice(String name, Class<E> type, E defaultValue) {
        Optional<String> raw = raw(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(raw.get().replace('-', '_'))) {
                return constant;
            }
        }
        StringJoiner accepted = new StringJoiner(", ");
        Arrays.stream(type.getEnumConstants()).forEach(c -> accepted.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        throw ConfigException.invalid(name, raw.get(), accepted.toString());
    }

    private static String overridden(String name, String current, UnaryOperator<String> properties,
                                     UnaryOperator<String> environment) {
        String value = current;
        String property = properties.apply("affinity." + name);
        if (property != null) {
            value = property;
        }
        String env = environment.apply(environmentName(name));
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
     * Reads the JSON object in {@code file}, named by {@code setting}.
     *
     * @throws ConfigException naming the setting and the file: not found, not readable, malformed or not an object
     */
    public static JsonNode readJsonObject(Path file, String setting) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException("affinity setting '" + setting + "': cannot read the JSON file " + file + ": file not found", e);
        } catch (AccessDeniedException e) {
            throw new ConfigException("affinity setting '" + setting + "': cannot read the JSON file " + file + ": permission denied", e);
        } catch (JsonProcessingException e) {
            throw new ConfigException("affinity setting '" + setting + "': the JSON file " + file + " is malformed: "
                    + e.getOriginalMessage() + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new ConfigException("affinity setting '" + setting + "': cannot read the JSON file " + file + ": " + e, e);
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("affinity setting '" + setting + "': " + file + " must hold a JSON object");
        }
        return root;
    }

    private static Map<String, String> readJson(Path file) {
        JsonNode root = readJsonObject(file, CONFIG_FILE);
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", root, flat, file);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> flat, Path file) {
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
