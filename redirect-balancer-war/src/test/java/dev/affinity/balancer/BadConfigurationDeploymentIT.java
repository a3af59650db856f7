package dev.affinity.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.TomcatContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad balancer file stops the deployment of the WAR, with a message naming the field. */
class BadConfigurationDeploymentIT {
    private static final String BAD = """
            {"members": ["http://127.0.0.1:9;name=a"], "redirect": {"status": 302}}
            """;

    @Test
    void jettyRefusesToStartTheWebappAndTheErrorNamesTheField(@TempDir Path work) throws Exception {
        Path config = Files.writeString(work.resolve("balancer.json"), BAD);
        try (JettyContainer jetty = new JettyContainer()) {
            assertThatThrownBy(() -> BalancerWar.deploy(jetty, config, Files.createDirectories(work.resolve("jetty"))))
                    .satisfies(e -> assertThat(messages(e)).contains("'redirect.status'", "303 or 307"));
        }
    }

    @Test
    void tomcatRefusesToStartTheWebapp(@TempDir Path work) throws Exception {
        Path config = Files.writeString(work.resolve("balancer.json"), BAD);
        try (TomcatContainer tomcat = new TomcatContainer()) {
            assertThatThrownBy(() -> BalancerWar.deploy(tomcat, config, Files.createDirectories(work.resolve("tomcat"))))
                    .hasMessageContaining("did not start");
        }
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
