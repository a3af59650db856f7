package dev.affinity.metrics;

import dev.affinity.config.ConfigException;
import jakarta.servlet.ServletContext;
import java.util.function.Supplier;

/**
 * The way in to Micrometer for the components, which load whether or not Micrometer is on the
 * class path: without it their meters are left out, and a setting that needs it fails at start-up.
 */
public final class Micrometer {
    /**
     * The servlet-context attribute where an application puts its own
     * {@code io.micrometer.core.instrument.MeterRegistry} (before the components start, e.g. in a
     * {@code ServletContextListener}); without it the meters go to {@code Metrics.globalRegistry}.
     */
    public static final String REGISTRY_ATTRIBUTE = "dev.affinity.metrics.registry";

    static final String CORE = "io.micrometer.core.instrument.MeterRegistry";
    static final String PROMETHEUS = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";
    static final String JMX = "io.micrometer.jmx.JmxMeterRegistry";

    private Micrometer() {
    }

    /**
     * The meters of a component: {@code binder} supplies its {@code io.micrometer.core.instrument.binder.MeterBinder},
     * and is called only when Micrometer is on the class path.
     *
     * @throws ConfigException when a setting asks for a part of Micrometer that is missing, or the
     *                         registry attribute holds something else than a {@code MeterRegistry}
     */
    public static ComponentMeters bind(ServletContext context, MetricsSettings settings, Supplier<?> binder) {
        if (!present(CORE)) {
            require(settings.endpoint().enabled(), settings.enabledSetting(), "micrometer-core and micrometer-registry-prometheus");
            require(settings.jmx(), settings.jmxSetting(), "micrometer-core and micrometer-registry-jmx");
            return ComponentMeters.NONE;
        }
        require(settings.endpoint().enabled() && !present(PROMETHEUS), settings.enabledSetting(), "micrometer-registry-prometheus");
        require(settings.jmx() && !present(JMX), settings.jmxSetting(), "micrometer-registry-jmx");
        return MeterBinding.of(context.getAttribute(REGISTRY_ATTRIBUTE), settings, binder);
    }

    private static void require(boolean needed, String setting, String jars) {
        if (needed) {
            throw new ConfigException("affinity setting '" + setting + "' is true but Micrometer is missing: add " + jars
                    + " (io.micrometer, the version of the toolkit's BOM) next to the toolkit's jars, or set it to false");
        }
    }

    /** Whether the class {@code name} is visible to the toolkit's own class loader. */
    static boolean present(String name) {
        try {
            Class.forName(name, false, Micrometer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
