package dev.affinity.balancer;

import dev.affinity.testing.ServletContainer;
import dev.affinity.testing.Webapp;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** The built balancer WAR (system property {@code balancer.war}, set by failsafe) on a container. */
final class BalancerWar {
    private BalancerWar() {
    }

    /** The WAR as built. */
    static Path built() {
        return Webapp.builtWar("balancer.war");
    }

    /** Deploys the WAR with {@code affinity.balancer.config} = {@code config} as a context parameter; its base URL. */
    static URI deploy(ServletContainer container, Path config, Path workDir) throws Exception {
        container.deploy(Webapp.of(built(), Map.of(BalancerConfigLoader.CONFIG_PROPERTY, config.toString()), workDir));
        return container.baseUrl();
    }
}
