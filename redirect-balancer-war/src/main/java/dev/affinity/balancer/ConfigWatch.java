package dev.affinity.balancer;

import dev.affinity.config.ConfigException;
import dev.affinity.logging.Log;
import dev.affinity.routing.PeerHttp;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reloads the balancer's JSON file when its content changes: reads it every {@link #EVERY} and,
 * when its bytes differ from the last seen, loads and checks it and hands it to
 * {@link Balancer#reload}. A file that fails (unreadable, invalid, or changing a setting that needs
 * a restart) is refused with one log line naming the setting, and the running configuration is kept
 * until the file changes again.
 */
final class ConfigWatch implements AutoCloseable {
    /** How often the file is read. */
    static final Duration EVERY = Duration.ofSeconds(1);
    private static final Log LOG = Log.of(ConfigWatch.class);

    private final BalancerConfigLoader loader;
    private final String contextParameter;
    private final Balancer balancer;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            PeerHttp.daemonThreads("affinity-balancer-config"));
    private byte[] seen;

    /** Watches the file {@code loader} finds from {@code contextParameter}, as it was when {@code balancer} started. */
    ConfigWatch(BalancerConfigLoader loader, String contextParameter, Balancer balancer) {
        this.loader = loader;
        this.contextParameter = contextParameter;
        this.balancer = balancer;
        this.seen = read();
        scheduler.scheduleWithFixedDelay(this::check, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private byte[] read() {
        try {
            return loader.locate(contextParameter).read("the balancer's configuration");
        } catch (ConfigException e) {
            return null;
        }
    }

    private void check() {
        byte[] now = read();
        if (now == null || Arrays.equals(now, seen)) {
            return;
        }
        seen = now;
        try {
            balancer.reload(loader.load(contextParameter));
            LOG.info("affinity balancer: configuration reloaded from {}", loader.locate(contextParameter));
        } catch (ConfigException e) {
            LOG.error("affinity balancer: the changed configuration is refused, the running one is kept: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("affinity balancer: the changed configuration is refused, the running one is kept", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
