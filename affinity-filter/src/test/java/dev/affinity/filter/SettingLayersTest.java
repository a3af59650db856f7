package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.routing.NoKeyPolicy;
import dev.affinity.testing.JettyContainer;
import dev.affinity.testing.ServletApp;
import dev.affinity.testing.ServletContainer;
import dev.affinity.testing.TomcatContainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The filter's settings as a servlet user gives them, on a one-node farm in real Jetty and Tomcat:
 * context parameters {@code affinity.<name>} (Tomcat's {@code context.xml} {@code <Parameter>}s) below
 * the filter's init-params, and a {@code config} file read from the webapp's {@code /WEB-INF/}.
 */
class SettingLayersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static Stream<Arguments> containers() {
        return Stream.of(Arguments.of("jetty", (Supplier<ServletContainer>) JettyContainer::new),
                Arguments.of("tomcat", (Supplier<ServletContainer>) TomcatContainer::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void contextParametersApplyWhereTheFilterSaysNothing(String name, Supplier<ServletContainer> kind) throws Exception {
        try (ServletContainer container = kind.get()) {
            int port = container.bind(0);
            container.start(app(port, Map.of()).contextParameter("affinity.no-key", "reject")
                    .contextParameter("affinity.expose-node", "true").contextParameter("no-key", "local"));

            HttpResponse<String> keyless = get(port, "/app/echo");
            HttpResponse<String> keyed = get(port, "/app/echo?id=1");

            assertThat(keyless.statusCode()).isEqualTo(400);
            assertThat(keyless.body()).isEqualTo(NoKeyPolicy.REJECTED + "\n");
            assertThat(keyed.statusCode()).isEqualTo(200);
            assertThat(keyed.headers().firstValue(AffinityFilter.NODE_HEADER)).hasValue("a");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void theFiltersInitParametersWinOverTheContext(String name, Supplier<ServletContainer> kind) throws Exception {
        try (ServletContainer container = kind.get()) {
            int port = container.bind(0);
            container.start(app(port, Map.of("no-key", "local")).contextParameter("affinity.no-key", "reject"));

            assertThat(get(port, "/app/echo").statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void theConfigFileMayBeAWebappResource(String name, Supplier<ServletContainer> kind) throws Exception {
        try (ServletContainer container = kind.get()) {
            int port = container.bind(0);
            container.start(app(port, Map.of("config", "/WEB-INF/affinity.json"))
                    .resource("/WEB-INF/affinity.json", "{\"status\": {\"enabled\": true, \"path\": \"/ops/status\"}}"));

            HttpResponse<String> status = get(port, "/app/ops/status");

            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(status.body()).path("self").asText()).isEqualTo("a");
            assertThat(get(port, "/app/affinity/status").body()).as("answered by the application").contains("\"node\"");
        }
    }

    private static ServletApp app(int port, Map<String, String> parameters) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("members", "http://127.0.0.1:" + port + ";name=a");
        settings.put("self", "a");
        settings.put("key", "param:id");
        settings.put("health.interval", "0");
        settings.putAll(parameters);
        return Farm.app("a", settings, true);
    }

    private HttpResponse<String> get(int port, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
