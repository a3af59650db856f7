package dev.affinity.it.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.ServletContainer;
import dev.affinity.testing.TomcatContainer;
import org.apache.catalina.util.ServerInfo;
import org.junit.jupiter.api.Test;

/**
 * The farm contract on embedded Tomcat: Tomcat 11 in the default failsafe run, Tomcat 10.1 in the
 * {@code tomcat10} run, which swaps {@code tomcat-embed-core} on the class path.
 */
class TomcatFarmIT extends FarmContract {
    @Override
    protected ServletContainer newContainer() {
        return new TomcatContainer();
    }

    @Test
    void runsOnTheTomcatThisRunAskedFor() {
        assertThat(ServerInfo.getServerNumber()).startsWith(System.getProperty("expected.tomcat.version"));
    }
}
