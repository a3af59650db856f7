package dev.affinity.metrics;

import dev.affinity.access.EndpointSettings;
import dev.affinity.config.Settings;
import java.util.HashSet;
import java.util.Set;

/**
 * A component's metrics settings, named after its prefix ({@code metrics} for the affinity filter,
 * {@code session-metrics} for the session filter, {@code balancer-metrics} for the balancer, so they
 * never collide in the layers a JVM shares): the Prometheus endpoint ({@code <prefix>.enabled},
 * {@code <prefix>.path}, readable from {@code status.allow}) and {@code <prefix>.jmx}.
 *
 * @param endpoint the Prometheus text endpoint, off by default
 * @param jmx whether the meters are also published over JMX (needs {@code micrometer-registry-jmx})
 */
public record MetricsSettings(EndpointSettings endpoint, boolean jmx) {

    /** Every setting name of the component {@code prefix}. */
    public static Set<String> names(String prefix) {
        Set<String> names = new HashSet<>(EndpointSettings.statusNames(prefix));
        names.add(prefix + ".jmx");
        return Set.copyOf(names);
    }

    /** Reads the settings of the component {@code prefix}, whose endpoint's default path is {@code defaultPath}. */
    public static MetricsSettings from(Settings settings, String prefix, String defaultPath) {
        return new MetricsSettings(EndpointSettings.status(settings, prefix, defaultPath), settings.bool(prefix + ".jmx", false));
    }

    /** The name of the setting that turns the endpoint on. */
    String enabledSetting() {
        return endpoint.prefix() + ".enabled";
    }

    /** The name of the setting that turns JMX on. */
    String jmxSetting() {
        return endpoint.prefix() + ".jmx";
    }
}
