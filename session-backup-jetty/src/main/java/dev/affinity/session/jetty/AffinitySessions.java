package dev.affinity.session.jetty;

import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/** The one call that backs up an embedded Jetty 12 context's sessions: {@code AffinitySessions.install(context, settings)} before the server starts. */
public final class AffinitySessions {
    private AffinitySessions() {
    }

    /**
     * Gives {@code context} an {@link AffinitySessionHandler} with {@code settings} (the session
     * backup settings, e.g. {@code self}, {@code secret}, {@code hazelcast.config}, {@code write-mode}),
     * which installs the cache, the store and the server's id manager when the context starts.
     *
     * @return the handler, for the store's status and counters
     */
    public static AffinitySessionHandler install(ServletContextHandler context, Map<String, String> settings) {
        AffinitySessionHandler handler = new AffinitySessionHandler(settings);
        context.setSessionHandler(handler);
        return handler;
    }
}
