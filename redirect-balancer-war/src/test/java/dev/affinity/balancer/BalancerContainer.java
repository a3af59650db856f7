package dev.affinity.balancer;

import java.net.URI;
import java.nio.file.Path;

/** A servlet container with the balancer WAR deployed at the root context, on 127.0.0.1 and a free port. */
interface BalancerContainer extends AutoCloseable {

    /** Deploys {@code war} with the context parameter {@code affinity.balancer.config} = {@code config}; the base URL. */
    URI deploy(Path war, Path config, Path workDir) throws Exception;

    /** The built WAR, as failsafe passes it. */
    static Path builtWar() {
        String war = System.getProperty("balancer.war");
        if (war == null) {
            throw new IllegalStateException("system property balancer.war is not set: run the tests through failsafe (mvn verify)");
        }
        return Path.of(war);
    }
}
