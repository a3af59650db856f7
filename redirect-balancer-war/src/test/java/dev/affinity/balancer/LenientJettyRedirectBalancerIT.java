package dev.affinity.balancer;

import dev.affinity.testing.JettyContainer;
import java.net.URI;
import java.nio.file.Path;
import org.eclipse.jetty.http.UriCompliance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The balancer WAR on embedded Jetty 12 configured to pass suspicious request targets to the
 * webapp ({@link UriCompliance#UNSAFE}), so the balancer's own checks must answer every malformed
 * request. It stays on test-support's harness, not Arquillian: the Arquillian Jetty container builds
 * its connector from an {@code HttpConfiguration} object, which {@code arquillian.xml} cannot set (it
 * sets text properties only), so under Arquillian the URI compliance is Jetty's default and the run
 * would only repeat {@link ArquillianRedirectBalancerContractIT}.
 */
class LenientJettyRedirectBalancerIT extends RedirectBalancerContract {
    private final BackendFarm farm = new BackendFarm();
    private URI balancer;

    @BeforeAll
    void deploy(@TempDir Path work) throws Exception {
        Path config = startFarm(farm, work);
        balancer = farm.balancer(config, work, new JettyContainer(UriCompliance.UNSAFE));
    }

    @AfterAll
    void undeploy() throws Exception {
        farm.close();
    }

    @Override
    BackendFarm farm() {
        return farm;
    }

    @Override
    URI balancer() {
        return balancer;
    }

    @Override
    boolean containerPassesMalformedTargets() {
        return true;
    }
}
