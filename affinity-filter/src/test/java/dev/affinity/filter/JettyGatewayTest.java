package dev.affinity.filter;

import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.ServletContainer;
import java.util.function.Supplier;

/** The gateway contract on embedded Jetty nodes. */
class JettyGatewayTest extends GatewayContract {

    @Override
    Supplier<ServletContainer> kind() {
        return JettyContainer::new;
    }
}
