package dev.affinity.session;

/**
 * The kill -9 failover of {@link FailoverProcessTest} with Jetty's own sessions on the toolkit's
 * store: two {@link StoreNodeMain} JVMs; after node a is killed, node b loads each session from the
 * backup on its cache miss, with every attribute, and answers its id with route b.
 */
class JettyStoreFailoverProcessTest extends FailoverProcessTest {
    @Override
    Class<?> nodeMain() {
        return StoreNodeMain.class;
    }
}
