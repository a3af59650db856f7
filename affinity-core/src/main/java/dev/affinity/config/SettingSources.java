package dev.affinity.config;

import jakarta.servlet.ServletContext;
import java.util.function.UnaryOperator;

/**
 * Where a component's settings come from besides its own parameters, each a look-up by full name:
 * the webapp's context parameters {@code affinity.<name>} (including Tomcat's {@code context.xml}
 * {@code <Parameter>}s), system properties {@code affinity.<name>}, environment variables
 * {@code AFFINITY_<NAME>}; and where the files settings name are read ({@link ConfigResources}).
 *
 * @param contextParameters the webapp's context parameters, by full name
 * @param properties the system properties, by full name
 * @param environment the environment variables, by name
 * @param resources where {@code config} and other file settings are read
 */
public record SettingSources(UnaryOperator<String> contextParameters, UnaryOperator<String> properties,
                             UnaryOperator<String> environment, ConfigResources resources) {

    /** The prefix of the context parameters, system properties read as settings. */
    public static final String PREFIX = "affinity.";

    /** A running JVM outside any webapp: system properties, the environment, files and the class path. */
    public static SettingSources system() {
        return new SettingSources(name -> null, System::getProperty, System::getenv, ConfigResources.ofThread());
    }

    /** A running webapp: its context parameters, system properties, the environment, its files and resources. */
    public static SettingSources of(ServletContext context) {
        return new SettingSources(context::getInitParameter, System::getProperty, System::getenv, ConfigResources.of(context));
    }
}
