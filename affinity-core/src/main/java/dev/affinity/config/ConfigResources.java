package dev.affinity.config;

import jakarta.servlet.ServletContext;

/**
 * Where the files that settings name are read from. A setting's value is a file path, a class-path
 * resource {@code classpath:NAME} (read through the webapp's class loader), or a resource of the
 * webapp under {@code /WEB-INF/} (read through the servlet context, so it works from an unpacked
 * directory as from a WAR). Used for {@code config} and the balancer's file.
 */
public final class ConfigResources {
    private final ServletContext context;
    private final ClassLoader loader;

    private ConfigResources(ServletContext context, ClassLoader loader) {
        this.context = context;
        this.loader = loader;
    }

    /** Resources of the webapp of {@code context} and of its class loader. */
    public static ConfigResources of(ServletContext context) {
        ClassLoader loader = context.getClassLoader();
        return new ConfigResources(context, loader != null ? loader : contextLoader());
    }

    /** Resources outside any webapp: files and the class path of {@code loader}. */
    public static ConfigResources of(ClassLoader loader) {
        return new ConfigResources(null, loader);
    }

    /** Files and the class path of the calling thread's context class loader. */
    public static ConfigResources ofThread() {
        return of(contextLoader());
    }

    /**
     * The resource named by {@code value}, the value of {@code setting}.
     *
     * @throws ConfigException when {@code value} is blank or names nothing this can read
     */
    public ConfigResource locate(String setting, String value) {
        return ConfigResource.of(setting, value.trim(), context, loader);
    }

    private static ClassLoader contextLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : ConfigResources.class.getClassLoader();
    }
}
