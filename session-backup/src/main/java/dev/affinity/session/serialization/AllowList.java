package dev.affinity.session.serialization;

import dev.affinity.config.ConfigException;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.util.Arrays;
import java.util.List;

/**
 * The classes a backed-up attribute may contain, as {@link ObjectInputFilter} patterns separated
 * by {@code ;}: {@code com.example.Cart} (one class), {@code com.example.*} (a package),
 * {@code com.example.**} (a package and its sub-packages) or {@code com.example.Cart*} (a prefix).
 * Everything else is refused. Reading is bounded too, so a small payload cannot claim a huge
 * allocation: at most {@value #MAX_DEPTH} levels of nesting, {@value #MAX_REFERENCES} object
 * references and {@value #MAX_ARRAY} elements in one array or collection, and
 * {@code serialization.max-bytes} per attribute value.
 */
public final class AllowList {
    /** The deepest nesting of objects read. */
    public static final int MAX_DEPTH = 20;
    /** The most object references in one value. */
    public static final int MAX_REFERENCES = 100_000;
    /** The most elements of one array (and of the collections that check their size as one, such as {@code ArrayList}). */
    public static final int MAX_ARRAY = 100_000;
    private final List<String> patterns;
    private final int maxBytes;
    private final ObjectInputFilter filter;

    /** Parses the {@code serialization.allow} patterns; values are at most {@code maxBytes} long. */
    public AllowList(String value, int maxBytes) {
        patterns = Arrays.stream(value.split(";")).map(String::trim).filter(p -> !p.isEmpty()).toList();
        for (String pattern : patterns) {
            if (!pattern.matches("[A-Za-z0-9_$.]+\\*{0,2}")) {
                throw ConfigException.invalid("serialization.allow", value,
                        "class name patterns separated by ';' such as java.util.*;com.example.**;com.example.Cart");
            }
        }
        this.maxBytes = maxBytes;
        String limits = "maxdepth=" + MAX_DEPTH + ";maxrefs=" + MAX_REFERENCES + ";maxarray=" + MAX_ARRAY + ";maxbytes=" + maxBytes + ";";
        filter = ObjectInputFilter.Config.createFilter(limits + String.join(";", patterns) + (patterns.isEmpty() ? "" : ";") + "!*");
    }

    /**
     * Checks a value's serialized size against {@code serialization.max-bytes}, before it is written
     * (a larger one is not backed up) or read.
     *
     * @throws IOException when it is larger
     */
    public void checkSize(byte[] bytes) throws IOException {
        if (bytes.length > maxBytes) {
            throw new IOException("the value is " + bytes.length + " bytes serialized, more than serialization.max-bytes=" + maxBytes);
        }
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
