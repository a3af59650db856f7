package dev.affinity.testing;

import java.net.URI;

/**
 * An embedded servlet container on 127.0.0.1 running one webapp: an app assembled in code or a
 * WAR. The port is bound by {@link #bind} (or at start, on a free port, when not bound before).
 */
public interface ServletContainer extends AutoCloseable {

    /** Binds 127.0.0.1:{@code port} (0: a free port) before the webapp starts; answers the bound port. */
    int bind(int port) throws Exception;

    /** Starts {@code app}; fails if it does not start. */
    void start(ServletApp app) throws Exception;

    /** Deploys {@code webapp} at the root context and starts; fails if the webapp does not start. */
    void deploy(Webapp webapp) throws Exception;

    /** The bound port. */
    int port();

    /** {@code http://127.0.0.1:<port>}. */
    default URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The webapp's class loader, while it runs. */
    ClassLoader webappClassLoader();

    /** Stops the container and releases its port. */
    @Override
    void close() throws Exception;
}
