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
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Which threads relay forwarded answers: in Jetty the server's own pool, in place on the client's selector; in Tomcat a pool of the filter's. */
class ForwardingThreadsTest {

    @Test
    void inJettyTheForwardingClientRunsOnTheServersThreadPoolAndRelaysAnswersInPlace() throws Exception {
        String threads = seenBy(new JettyContainer(), context -> ForwardingProxy.clientThreads(context, 32));
        assertThat(threads).isEqualTo("-");
        boolean inPlace = seenBy(new JettyContainer(), ForwardingProxy::relaysInPlace);
        assertThat(inPlace).isTrue();
    }

    @Test
    void inTomcatTheForwardingClientHasAPoolOfForwardMaxThreadsAndHandsAnswersToIt() throws Exception {
        String threads = seenBy(new TomcatContainer(), context -> ForwardingProxy.clientThreads(context, 32));
        assertThat(threads).isEqualTo("32");
        boolean inPlace = seenBy(new TomcatContainer(), ForwardingProxy::relaysInPlace);
        assertThat(inPlace).isFalse();
    }

    /** What {@code question} answers about a webapp's context started by {@code container}. */
    private static <T> T seenBy(ServletContainer container, Function<ServletContext, T> question) throws Exception {
        AtomicReference<T> answer = new AtomicReference<>();
        try (container) {
            container.bind(FreePorts.next());
            container.start(new ServletApp("/app").filter("threads", new Filter() {
                @Override
                public void init(FilterConfig config) {
                    answer.set(question.apply(config.getServletContext()));
                }

                @Override
                public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) {
                    throw new UnsupportedOperationException("not called");
                }
            }, Map.of()));
        }
        return answer.get();
    }
}
