package dev.affinity.filter;

/** The farm contract on three embedded Jetty 12 nodes. */
class JettyFarmTest extends FarmContract {

    @Override
    Container.Kind kind() {
        return JettyContainer::new;
    }
}
