package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.FreePorts;
import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.ServletApp;
import dev.affinity.testing.ServletContainer;
import dev.affinity.testing.TomcatContainer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Which threads relay forwarded answers: the server's own pool in Jetty, a pool of the filter's in Tomcat. */
class ForwardingThreadsTest {

    @Test
    void inJettyTheForwardingClientRunsOnTheServersThreadPool() throws Exception {
        assertThat(clientThreadsIn(new JettyContainer())).isEqualTo("-");
    }

    @Test
    void inTomcatTheForwardingClientHasAPoolOfForwardMaxThreads() throws Exception {
        assertThat(clientThreadsIn(new TomcatContainer())).isEqualTo("32");
    }

    /** What the forwarding proxy is told about its threads in a webapp started by {@code container}. */
    private static String clientThreadsIn(ServletContainer container) throws Exception {
        AtomicReference<String> threads = new AtomicReference<>();
        try (container) {
            container.bind(FreePorts.next());
            container.start(new ServletApp("/app").filter("threads", new Filter() {
                @Override
                public void init(FilterConfig config) {
                    threads.set(ForwardingProxy.clientThreads(config.getServletContext(), 32));
                }

                @Override
                public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) {
                    throw new UnsupportedOperationException("not called");
                }
            }, Map.of()));
        }
        return threads.get();
    }
}
