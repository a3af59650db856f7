package dev.affinity.session.serialization;

import dev.affinity.config.ConfigException;
import java.io.ObjectInputFilter;
import java.util.Arrays;
import java.util.List;

/**
 * The classes a backed-up attribute may contain, as {@link ObjectInputFilter} patterns separated
 * by {@code ;}: {@code com.example.Cart} (one class), {@code com.example.*} (a package),
 * {@code com.example.**} (a package and its sub-packages) or {@code com.example.Cart*} (a prefix).
 * Everything else is refused. Java deserialization also bounds depth, references and array sizes.
 */
public final class AllowList {
    private static final String LIMITS = "maxdepth=64;maxrefs=1000000;maxarray=100000000;";
    private final List<String> patterns;
    private final ObjectInputFilter filter;

    /** Parses the {@code serialization.allow} patterns. */
    public AllowList(String value) {
        patterns = Arrays.stream(value.split(";")).map(String::trim).filter(p -> !p.isEmpty()).toList();
        for (String pattern : patterns) {
            if (!pattern.matches("[A-Za-z0-9_$.]+\\*{0,2}")) {
                throw ConfigException.invalid("serialization.allow", value,
                        "class name patterns separated by ';' such as java.util.*;com.example.**;com.example.Cart");
            }
        }
        filter = ObjectInputFilter.Config.createFilter(LIMITS + String.join(";", patterns) + (patterns.isEmpty() ? "" : ";") + "!*");
    }

    /** The filter for Java deserialization. */
    public ObjectInputFilter filter() {
        return filter;
    }

    /** Whether a class of this name may be instantiated, decided before the class is loaded. */
    public boolean allows(String className) {
        for (String pattern : patterns) {
            if (pattern.endsWith(".**")) {
                if (className.startsWith(pattern.substring(0, pattern.length() - 2))) {
                    return true;
                }
            } else if (pattern.endsWith(".*")) {
                String pkg = pattern.substring(0, pattern.length() - 1);
                if (className.startsWith(pkg) && className.indexOf('.', pkg.length()) < 0) {
                    return true;
                }
            } else if (pattern.endsWith("*")) {
                if (className.startsWith(pattern.substring(0, pattern.length() - 1))) {
                    return true;
                }
            } else if (className.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}
