package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.catalina.util.ServerInfo;
import org.junit.jupiter.api.Test;

/** The Servlet session contract on Tomcat (11 by default; 10.1 in the {@code tomcat10} run). */
class TomcatServletSpecTest extends ServletSpecContract {
    @Override
    SessionNode start(Map<String, String> settings) throws Exception {
        return Node.onTomcat(settings);
    }

    @Test
    void runsOnTheExpectedTomcat() {
        assertThat(ServerInfo.getServerNumber()).startsWith(System.getProperty("expected.tomcat.version"));
    }
}
