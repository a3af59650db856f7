package dev.affinity.metrics;

import dev.affinity.config.ConfigException;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A component's meters bound to the application's registry (or the global one), to its own
 * Prometheus registry when the endpoint is on, and to a JMX registry when asked: one composite,
 * so each meter is registered once and read from the component's own counters.
 */
final class MeterBinding implements ComponentMeters {
    private final MeterRegistry target;
    private final MetricsSettings settings;
    private final MeterBinder binder;
    private final PrometheusEndpoint prometheus;
    private final MeterRegistry jmx;
    private final CompositeMeterRegistry composite = new CompositeMeterRegistry();
    private boolean started;

    private MeterBinding(MeterRegistry target, MetricsSettings settings, MeterBinder binder) {
        this.target = target;
        this.settings = settings;
        this.binder = binder;
        this.prometheus = settings.endpoint().enabled() ? new PrometheusEndpoint() : null;
        this.jmx = settings.jmx() ? JmxRegistry.create() : null;
    }

    static ComponentMeters of(Object registry, MetricsSettings settings, Supplier<?> binder) {
        if (registry != null && !(registry instanceof MeterRegistry)) {
            throw new ConfigException("the servlet-context attribute '" + Micrometer.REGISTRY_ATTRIBUTE + "' holds a "
                    + registry.getClass().getName() + ": accepted: an io.micrometer.core.instrument.MeterRegistry of the webapp's "
                    + "Micrometer, or no attribute (Metrics.globalRegistry)");
        }
        return new MeterBinding(registry == null ? Metrics.globalRegistry : (MeterRegistry) registry, settings, (MeterBinder) binder.get());
    }

    @Override
    public synchronized void start(String node) {
        if (started) {
            return;
        }
        started = true;
        composite.add(target);
        if (prometheus != null) {
            composite.add(prometheus.registry());
        }
        if (jmx != null) {
            composite.add(jmx);
        }
        if (node != null) {
            composite.config().commonTags("node", node);
        }
        binder.bindTo(composite);
    }

    @Override
    public boolean serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!settings.endpoint().matches(request)) {
            return false;
        }
        if (settings.endpoint().access().admit(request, response)) {
            prometheus.answer(response);
        }
        return true;
    }

    @Override
    public synchronized void close() {
        List<Meter> meters = new ArrayList<>(composite.getMeters());
        for (Meter meter : meters) {
            composite.remove(meter);
        }
        for (MeterRegistry child : List.copyOf(composite.getRegistries())) {
            composite.remove(child);
        }
        if (prometheus != null) {
            prometheus.registry().close();
        }
        if (jmx != null) {
            jmx.close();
        }
        composite.close();
    }
}
