package dev.affinity.it.matrix;

/** The farm contract on embedded Jetty 12. */
class JettyFarmIT extends FarmContract {
    @Override
    protected ServletContainer newContainer() {
        return new JettyContainer();
    }
}
