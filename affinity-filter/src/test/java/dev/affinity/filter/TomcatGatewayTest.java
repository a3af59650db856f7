package dev.affinity.filter;

import dev.affinity.testing.TomcatContainer;
import dev.affinity.testing.ServletContainer;
import java.util.function.Supplier;

/** The gateway contract on embedded Tomcat nodes. */
class TomcatGatewayTest extends GatewayContract {

    @Override
    Supplier<ServletContainer> kind() {
        return TomcatContainer::new;
    }
}
