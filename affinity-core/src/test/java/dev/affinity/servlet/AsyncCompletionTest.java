package dev.affinity.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.RawHttp;
import dev.affinity.testing.ServletApp;
import dev.affinity.testing.ServletContainer;
import dev.affinity.testing.TestBudgets;
import dev.affinity.testing.TomcatContainer;
import dev.affinity.testing.Webapp;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    /**
     * In a WAR, whose class loader Jetty keeps from seeing Jetty's own classes, the end of a request
     * whose response Jetty aborts is still found (through the request's classes).
     */
    @Test
    void inAWarOnJettyTheActionRunsWhenJettyAbortsTheResponse(@TempDir Path war, @TempDir Path work) throws Exception {
        explodedWar(war);
        JettyContainer jetty = new JettyContainer();
        try {
            int port = jetty.bind(0);
            jetty.deploy(Webapp.of(war, Map.of(), work));
            RawHttp.send(port, "GET /?ending=throw HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            await().atMost(TestBudgets.EVENTUALLY).until(() -> RawHttp.send(port,
                    "GET /ends HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").body(), "1"::equals);
        } finally {
            jetty.close();
        }
    }

    /** A webapp of {@link WarEnds} in front of {@link EndingServlet}, with its own copy of this package's classes and of this test's. */
    private static void explodedWar(Path war) throws Exception {
        Path classes = war.resolve("WEB-INF/classes");
        copyClasses(Path.of(AsyncCompletion.class.getProtectionDomain().getCodeSource().getLocation().toURI()), classes,
                name -> name.startsWith("dev/affinity/servlet/"));
        copyClasses(Path.of(AsyncCompletionTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()), classes,
                name -> name.startsWith("dev/affinity/servlet/AsyncCompletionTest"));
        Files.writeString(war.resolve("WEB-INF/web.xml"), """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <filter><filter-name>ends</filter-name><filter-class>dev.affinity.servlet.AsyncCompletionTest$WarEnds</filter-class>
                    <async-supported>true</async-supported></filter>
                  <filter-mapping><filter-name>ends</filter-name><url-pattern>/*</url-pattern></filter-mapping>
                  <servlet><servlet-name>async</servlet-name><servlet-class>dev.affinity.servlet.AsyncCompletionTest$EndingServlet</servlet-class>
                    <async-supported>true</async-supported></servlet>
                  <servlet-mapping><servlet-name>async</servlet-name><url-pattern>/*</url-pattern></servlet-mapping>
                </web-app>
                """);
    }

    private static void copyClasses(Path from, Path to, Predicate<String> wanted) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = from.relativize(file).toString().replace('\\', '/');
                if (wanted.test(name)) {
                    Path target = to.resolve(name);
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        }
    }

    /** {@link CountingEnds} inside a WAR: its count, in the webapp's copy of this class, is answered at {@code /ends}. */
    public static final class WarEnds implements Filter {
        private static final AtomicInteger ENDS = new AtomicInteger();
        private final CountingEnds counting = new CountingEnds(ENDS);

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
            if (((HttpServletRequest) request).getRequestURI().equals("/ends")) {
                response.getWriter().print(ENDS.get());
                return;
            }
            counting.doFilter(request, response, chain);
        }
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
    public static final class EndingServlet extends HttpServlet {
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
