package dev.affinity.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.RawHttp;
import dev.affinity.testing.ServletApp;
import dev.affinity.testing.ServletContainer;
import dev.affinity.testing.TestBudgets;
import dev.affinity.testing.TomcatContainer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The end of an asynchronous request runs its action exactly once, on Jetty and on Tomcat, also
 * when the container aborts the response (Jetty then calls no {@code AsyncListener}).
 */
class AsyncCompletionTest {

    static Stream<Arguments> endings() {
        Supplier<ServletContainer> jetty = JettyContainer::new;
        Supplier<ServletContainer> tomcat = TomcatContainer::new;
        return Stream.of("complete", "short", "throw").flatMap(ending -> Stream.of(
                Arguments.of("jetty", jetty, ending), Arguments.of("tomcat", tomcat, ending)));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("endings")
    void theActionRunsOnceHoweverTheRequestEnds(String name, Supplier<ServletContainer> containers, String ending) throws Exception {
        AtomicInteger ends = new AtomicInteger();
        ServletApp app = new ServletApp("/app")
                .filter("ends", new CountingEnds(ends), Map.of())
                .asyncServlet("async", new EndingServlet(), "/*");
        ServletContainer container = containers.get();
        try {
            int port = container.bind(0);
            container.start(app);
            RawHttp.send(port, "GET /app/?ending=" + ending + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            await().atMost(TestBudgets.EVENTUALLY).until(() -> ends.get() > 0);
        } finally {
            container.close();
        }
        assertThat(ends).as("ends once the server has stopped").hasValue(1);
    }

    /** Counts the request's end with {@link AsyncCompletion#whenEnded}, as the toolkit's filters do. */
    private record CountingEnds(AtomicInteger ends) implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
            chain.doFilter(request, response);
            if (request.isAsyncStarted()) {
                AsyncCompletion.whenEnded(request, ends::incrementAndGet);
            }
        }
    }

    /**
     * Goes async and ends as {@code ending} says: {@code complete} normally, {@code short} with less
     * content than its {@code Content-Length}, {@code throw} from an async dispatch after the
     * response was committed.
     */
    private static final class EndingServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getDispatcherType() == DispatcherType.ASYNC) {
                throw new IllegalStateException("failed after the response was committed");
            }
            String ending = request.getParameter("ending");
            AsyncContext async = request.startAsync();
            async.start(() -> end(async, response, ending));
        }

        private static void end(AsyncContext async, HttpServletResponse response, String ending) {
            try {
                byte[] part = "part".getBytes(StandardCharsets.US_ASCII);
                if (ending.equals("short")) {
                    response.setContentLength(part.length * 10);
                }
                response.getOutputStream().write(part);
                response.flushBuffer();
                if (ending.equals("throw")) {
                    async.dispatch();
                } else {
                    async.complete();
                }
            } catch (IOException e) {
                async.complete();
            }
        }
    }
}
