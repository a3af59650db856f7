package dev.affinity.filter;

/** The farm contract on three embedded Tomcat nodes. */
class TomcatFarmTest extends FarmContract {

    @Override
    Container.Kind kind() {
        return TomcatContainer::new;
    }
}
