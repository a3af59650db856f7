package dev.affinity.testing.arquillian;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/**
 * The settings of {@link LoopbackTomcatContainer} in {@code arquillian.xml}: only the HTTP port
 * ({@code bindHttpPort}, 0 for any free one, the default). The address is always 127.0.0.1.
 */
public final class LoopbackTomcatConfiguration implements ContainerConfiguration {
    private int bindHttpPort;

    public int getBindHttpPort() {
        return bindHttpPort;
    }

    public void setBindHttpPort(int bindHttpPort) {
        this.bindHttpPort = bindHttpPort;
    }

    @Override
    public void validate() throws ConfigurationException {
        if (bindHttpPort < 0 || bindHttpPort > 65_535) {
            throw new ConfigurationException("bindHttpPort must be 0 (any free port) to 65535, not " + bindHttpPort);
        }
    }
}
