package dev.affinity.filter;

import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.ServletContainer;
import java.util.function.Supplier;

/** The farm contract on three embedded Jetty 12 nodes. */
class JettyFarmTest extends FarmContract {

    @Override
    Supplier<ServletContainer> kind() {
        return JettyContainer::new;
    }
}
