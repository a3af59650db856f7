package dev.affinity.it.matrix;

/** An embedded servlet container running one webapp on loopback. */
public interface ServletContainer extends AutoCloseable {
    /** Deploys the webapp and starts listening; fails if the webapp does not start. */
    void start(Webapp webapp) throws Exception;

    /** The webapp's class loader, while it runs. */
    ClassLoader webappClassLoader();

    /** Stops the container. */
    @Override
    void close() throws Exception;
}
