package dev.affinity.balancer;

import dev.affinity.config.ConfigException;
import dev.affinity.config.SettingSources;
import dev.affinity.logging.Log;
import dev.affinity.metrics.ComponentMeters;
import dev.affinity.metrics.Micrometer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Loads the balancer's configuration when the webapp starts, watches its file for changes
 * ({@link ConfigWatch}), and stops its health checks and memberships when it stops. A bad configuration throws, which stops the deployment with a message naming the field.
 */
public final class BalancerListener implements ServletContextListener {
    /** The context attribute holding the running balancer. */
    static final String ATTRIBUTE = Balancer.class.getName();
    /** The context attribute holding the balancer's meters. */
    static final String METERS_ATTRIBUTE = BalancerMeters.class.getName();
    /** The context attribute holding the watch of the configuration file. */
    static final String WATCH_ATTRIBUTE = ConfigWatch.class.getName();
    private static final Log LOG = Log.of(BalancerListener.class);

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Balancer balancer;
        ComponentMeters meters;
        String file = context.getInitParameter(BalancerConfigLoader.CONFIG_PROPERTY);
        BalancerConfigLoader loader = new BalancerConfigLoader(SettingSources.of(context));
        try {
            balancer = new Balancer(loader.load(file));
        } catch (ConfigException e) {
            LOG.error("affinity balancer: {}", e.getMessage());
            throw e;
        }
        try {
            meters = Micrometer.bind(context, balancer.config().metrics(), () -> new BalancerMeters(balancer));
        } catch (ConfigException e) {
            LOG.error("affinity balancer: {}", e.getMessage());
            balancer.close();
            throw e;
        }
        meters.start(null);
        context.setAttribute(ATTRIBUTE, balancer);
        context.setAttribute(METERS_ATTRIBUTE, meters);
        context.setAttribute(WATCH_ATTRIBUTE, new ConfigWatch(loader, file, balancer));
        BalancerConfig config = balancer.config();
        LOG.info("affinity balancer: {}pools {}, {} rules, strategy {}, redirect status {}",
                config.provider().map(p -> "default pool following members=" + p + ", ").orElse(""), config.pools(),
                config.rules().size(), config.routing().strategy().settingValue(), config.redirectStatus().settingValue());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (event.getServletContext().getAttribute(WATCH_ATTRIBUTE) instanceof ConfigWatch watch) {
            watch.close();
        }
        if (event.getServletContext().getAttribute(METERS_ATTRIBUTE) instanceof ComponentMeters meters) {
            meters.close();
        }
        Object balancer = event.getServletContext().getAttribute(ATTRIBUTE);
        if (balancer instanceof Balancer running) {
            running.close();
        }
    }
}
