package dev.affinity.demo;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} command-line options and {@code --name} flags, checked against those a launcher accepts. */
final class LauncherArguments {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Set<String> flagsGiven = new HashSet<>();

    private LauncherArguments() {
    }

    /**
     * Parses {@code args}. {@code --set NAME=VALUE} (repeatable) passes an affinity setting on.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    static LauncherArguments parse(String[] args, Set<String> accepted, String usage) {
        return parse(args, accepted, Set.of(), usage);
    }

    /**
     * Parses {@code args}, where the options in {@code flags} take no value.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    static LauncherArguments parse(String[] args, Set<String> accepted, Set<String> flags, String usage) {
        LauncherArguments parsed = new LauncherArguments();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                throw new IllegalArgumentException(usage);
            }
            if (option.startsWith("--") && flags.contains(option.substring(2))) {
                parsed.flagsGiven.add(option.substring(2));
                continue;
            }
            if (!option.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got '" + option + "'\n" + usage);
            }
            String value = args[++i];
            String name = option.substring(2);
            if (name.equals("set")) {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--set takes NAME=VALUE, got '" + value + "'\n" + usage);
                }
                parsed.settings.put(value.substring(0, eq), value.substring(eq + 1));
            } else if (accepted.contains(name)) {
                parsed.values.put(name, value);
            } else {
                throw new IllegalArgumentException("unknown option '" + option + "'\n" + usage);
            }
        }
        return parsed;
    }

    /** Whether the flag {@code --name} was given. */
    boolean flag(String name) {
        return flagsGiven.contains(name);
    }

    String get(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    String required(String name, String usage) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required\n" + usage);
        }
        return value;
    }

    int port(String name, int defaultValue) {
        return number(name, 1, 65535, "a port from 1 to 65535").map(Long::intValue).orElse(defaultValue);
    }

    /** A process id option, if given. */
    Optional<Long> pid(String name) {
        return number(name, 1, Long.MAX_VALUE, "a process id");
    }

    private Optional<Long> number(String name, long min, long max, String accepted) {
        String value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return Optional.of(number);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be " + accepted + ", got '" + value + "'");
    }

    /** The {@code --set} affinity settings. */
    Map<String, String> settings() {
        return settings;
    }
}
