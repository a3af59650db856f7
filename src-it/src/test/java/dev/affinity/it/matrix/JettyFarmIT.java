package dev.affinity.it.matrix;

import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.ServletContainer;

/** The farm contract on embedded Jetty 12. */
class JettyFarmIT extends FarmContract {
    @Override
    protected ServletContainer newContainer() {
        return new JettyContainer();
    }
}
