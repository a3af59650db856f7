package dev.affinity.testing.arquillian;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Registers {@link LoopbackTomcatContainer} with Arquillian, unless the Jetty adapter is on the class
 * path: Arquillian takes exactly one container adapter per class path (it cannot choose among several,
 * arquillian-core issue 866), so a Tomcat run leaves the Jetty adapter out of its class path.
 */
public final class LoopbackTomcatExtension implements LoadableExtension {
    private static final String JETTY_ADAPTER = "org.jboss.arquillian.container.jetty.embedded_12_ee10.JettyEmbeddedContainer";

    @Override
    public void register(ExtensionBuilder builder) {
        if (!present(JETTY_ADAPTER)) {
            builder.service(DeployableContainer.class, LoopbackTomcatContainer.class);
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, LoopbackTomcatExtension.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
