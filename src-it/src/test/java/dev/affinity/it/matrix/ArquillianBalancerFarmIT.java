package dev.affinity.it.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.Answer;
import dev.affinity.testing.ArquillianWars;
import dev.affinity.testing.Browser;
import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.Webapp;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The built redirect balancer WAR deployed by Arquillian on embedded Jetty 12, in front of a farm
 * of three shop nodes: its redirects lead to the node owning the key or holding the session.
 * (The shop nodes themselves run on embedded containers: each needs its own {@code web.xml} naming
 * every node's port before any starts, which one Arquillian container with a random port cannot give.)
 */
@ExtendWith(ArquillianExtension.class)
class ArquillianBalancerFarmIT {
    private static ShopFarm farm;
    private static Path config;

    @ArquillianResource
    private URL balancer;

    @Deployment(testable = false)
    static WebArchive balancerWar() throws Exception {
        farm = ShopFarm.start(JettyContainer::new, 3);
        config = farm.writeBalancerConfig(Files.createTempFile("balancer", ".json"));
        return ArquillianWars.withContextParameter(Webapp.builtWar("balancer.war"), "balancer.war",
                "affinity.balancer.config", config.toString());
    }

    @AfterAll
    static void stopFarm() throws Exception {
        if (farm != null) {
            farm.close();
        }
        if (config != null) {
            Files.deleteIfExists(config);
        }
    }

    @Test
    void eachKeyIsRedirectedToItsOwner() throws Exception {
        Browser browser = new Browser(Browser.newHttpClient());
        for (FarmNode owner : farm.nodes()) {
            for (String key : farm.keysOwnedBy(owner.name(), 3)) {
                Answer redirect = browser.get(balancer.toURI().resolve("whoami?id=" + key));
                assertThat(redirect.status()).isEqualTo(303);
                URI location = URI.create(redirect.header("Location").orElseThrow());
                assertThat(location).isEqualTo(owner.uri("/whoami?id=" + key));
                assertThat(browser.get(location).servedBy()).isEqualTo(owner.name());
            }
        }
    }

    @Test
    void aSessionIsRedirectedToTheNodeHoldingIt() throws Exception {
        Browser browser = new Browser(Browser.newHttpClient());
        assertThat(browser.get(farm.node("b").uri("/counter")).json().path("count").asInt()).isEqualTo(1);
        Answer redirect = browser.get(balancer.toURI().resolve("counter"));
        assertThat(redirect.status()).isEqualTo(303);
        assertThat(redirect.header("Location")).hasValue(farm.node("b").uri("/counter").toString());
        Answer followed = browser.get(URI.create(redirect.header("Location").orElseThrow()));
        assertThat(followed.servedBy()).isEqualTo("b");
        assertThat(followed.json().path("count").asInt()).isEqualTo(2);
    }
}
