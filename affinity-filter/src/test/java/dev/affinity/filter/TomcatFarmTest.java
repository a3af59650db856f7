package dev.affinity.filter;

import dev.affinity.testing.ServletContainer;
import dev.affinity.testing.TomcatContainer;
import java.util.function.Supplier;

/** The farm contract on three embedded Tomcat nodes. */
class TomcatFarmTest extends FarmContract {

    @Override
    Supplier<ServletContainer> kind() {
        return TomcatContainer::new;
    }
}
