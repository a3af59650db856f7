package dev.affinity.config;

/** A setting is missing, unknown or invalid; the message names the setting and what is accepted. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The standard message for a setting whose value is not accepted. */
    public static ConfigException invalid(String name, String value, String accepted) {
        return new ConfigException("affinity setting '" + name + "' has the invalid value '" + value + "': accepted: " + accepted);
    }
}
