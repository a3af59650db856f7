package dev.affinity.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;

/** Micrometer's JMX registry (domain {@code metrics}); loaded only when {@code <prefix>.jmx=true}. */
final class JmxRegistry {
    private JmxRegistry() {
    }

    static MeterRegistry create() {
        return new JmxMeterRegistry(JmxConfig.DEFAULT, Clock.SYSTEM);
    }
}
