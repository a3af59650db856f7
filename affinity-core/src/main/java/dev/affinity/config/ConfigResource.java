package dev.affinity.config;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One file a setting names (see {@link ConfigResources}): {@code classpath:NAME}, {@code /WEB-INF/...}
 * in the webapp, or a path in the file system. Opening it fails with a {@link ConfigException}
 * naming the setting, the location and why.
 */
public final class ConfigResource {
    /** The prefix of a class-path resource. */
    public static final String CLASSPATH = "classpath:";
    /** The prefix of a webapp resource. */
    public static final String WEBAPP = "/WEB-INF/";

    private final String setting;
    private final String location;
    private final ServletContext context;
    private final ClassLoader loader;

    private ConfigResource(String setting, String location, ServletContext context, ClassLoader loader) {
        this.setting = setting;
        this.location = location;
        this.context = context;
        this.loader = loader;
    }

    static ConfigResource of(String setting, String location, ServletContext context, ClassLoader loader) {
        if (location.isEmpty() || location.equals(CLASSPATH) || location.equals(WEBAPP)) {
            throw ConfigException.invalid(setting, location, "a file path, classpath:NAME or " + WEBAPP + "NAME");
        }
        if (!location.startsWith(CLASSPATH) && !location.startsWith(WEBAPP)) {
            try {
                Path.of(location);
            } catch (InvalidPathException e) {
                throw ConfigException.invalid(setting, location, "a file path, classpath:NAME or " + WEBAPP + "NAME");
            }
        }
        return new ConfigResource(setting, location, context, loader);
    }

    /** The setting that names this resource. */
    public String setting() {
        return setting;
    }

    /** The location as the setting gives it. */
    public String location() {
        return location;
    }

    /**
     * Opens the resource; the caller closes the stream.
     *
     * @param what what the resource is, for the message ({@code the JSON file}, say)
     * @throws ConfigException naming the setting and the location: not found, not readable
     */
    public InputStream open(String what) {
        if (location.startsWith(CLASSPATH)) {
            String name = location.substring(CLASSPATH.length());
            InputStream in = loader.getResourceAsStream(name.startsWith("/") ? name.substring(1) : name);
            if (in == null) {
                throw unreadable(what, "not found on the class path", null);
            }
            return in;
        }
        if (location.startsWith(WEBAPP)) {
            InputStream in = context == null ? null : context.getResourceAsStream(location);
            if (in == null) {
                throw unreadable(what, context == null ? "there is no webapp to read it from" : "not found in the webapp", null);
            }
            return in;
        }
        try {
            return Files.newInputStream(Path.of(location));
        } catch (NoSuchFileException e) {
            throw unreadable(what, "file not found", e);
        } catch (AccessDeniedException e) {
            throw unreadable(what, "permission denied", e);
        } catch (IOException e) {
            throw unreadable(what, e.toString(), e);
        }
    }

    /** The whole resource. */
    public byte[] read(String what) {
        try (InputStream in = open(what)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw unreadable(what, e.toString(), e);
        }
    }

    @Override
    public String toString() {
        return location;
    }

    private ConfigException unreadable(String what, String reason, Throwable cause) {
        return new ConfigException("affinity setting '" + setting + "': cannot read " + what + " " + location + ": " + reason, cause);
    }
}
