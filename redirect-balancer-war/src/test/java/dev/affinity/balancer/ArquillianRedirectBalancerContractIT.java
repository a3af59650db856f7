package dev.affinity.balancer;

import dev.affinity.testing.ArquillianWars;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The balancer's contract on the built WAR deployed by Arquillian at the root context: on embedded
 * Jetty 12, and in a second run on embedded Tomcat ({@code -Darquillian.launch=tomcat}, test-support's
 * loopback container). The back-end nodes start before the deployment, which names their balancer file.
 */
@ExtendWith(ArquillianExtension.class)
class ArquillianRedirectBalancerContractIT extends RedirectBalancerContract {
    private static final BackendFarm FARM = new BackendFarm();
    private static Path config;

    @ArquillianResource
    private URL balancer;

    @Deployment(testable = false)
    static WebArchive balancerWar() throws Exception {
        config = startFarm(FARM, Files.createTempDirectory("balancer-contract"));
        return ArquillianWars.withContextParameter(BalancerWar.built(), "ROOT.war",
                BalancerConfigLoader.CONFIG_PROPERTY, config.toString());
    }

    @AfterAll
    static void stopFarm() throws Exception {
        FARM.close();
        Files.deleteIfExists(config);
        Files.deleteIfExists(config.getParent());
    }

    @Override
    BackendFarm farm() {
        return FARM;
    }

    @Override
    URI balancer() {
        return URI.create(balancer.toString().replaceFirst("/$", ""));
    }
}
