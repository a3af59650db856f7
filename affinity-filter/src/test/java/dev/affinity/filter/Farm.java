package dev.affinity.filter;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.routing.Member;
import dev.affinity.routing.MemberListParser;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Placement;
import dev.affinity.routing.Strategy;
import dev.affinity.testing.ServletApp;
import dev.affinity.testing.ServletContainer;
import dev.affinity.testing.TestNodeSettings;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/** Embedded containers on 127.0.0.1, each running the test app behind the AffinityFilter. */
final class Farm implements AutoCloseable {
    static final String SECRET = "farm-test-secret-0123456789";
    /** A header each node's first filter adds, with the node's name, before the affinity filter runs. */
    static final String FRONT_HEADER = "X-Front";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, Supplier<ServletContainer>> kinds;
    private final boolean filterAsyncSupported;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> parameters = new LinkedHashMap<>();
    private final Map<String, ServletContainer> running = new LinkedHashMap<>();

    private Farm(Function<String, Supplier<ServletContainer>> kinds, boolean filterAsyncSupported) {
        this.kinds = kinds;
        this.filterAsyncSupported = filterAsyncSupported;
    }

    /** Starts one node per name with the default settings. */
    static Farm start(Supplier<ServletContainer> kind, List<String> names) throws Exception {
        return start(kind, names, Farm::defaults);
    }

    /** Starts one node per name; {@code settings} gives a node's init-params from its name and every node's port. */
    static Farm start(Supplier<ServletContainer> kind, List<String> names,
                      BiFunction<String, Map<String, Integer>, Map<String, String>> settings) throws Exception {
        return startMixed(name -> kind, names, settings);
    }

    /** Starts one node per name, each on a container of the kind {@code kinds} gives for its name. */
    static Farm startMixed(Function<String, Supplier<ServletContainer>> kinds, List<String> names,
                           BiFunction<String, Map<String, Integer>, Map<String, String>> settings) throws Exception {
        return start(new Farm(kinds, true), names, settings);
    }

    /** Starts one node per name with the default settings, the filter declared without async support. */
    static Farm startWithFilterNotAsync(Supplier<ServletContainer> kind, List<String> names) throws Exception {
        return start(new Farm(name -> kind, false), names, Farm::defaults);
    }

    /**
     * Chooses a free port and the settings of each node, and starts none: a port is not listened on
     * until its node is started by {@link #restart}, so the nodes started first see the others refuse.
     */
    static Farm prepare(Supplier<ServletContainer> kind, List<String> names,
                        BiFunction<String, Map<String, Integer>, Map<String, String>> settings) throws Exception {
        Farm farm = new Farm(name -> kind, true);
        farm.bindAll(names, settings);
        farm.close();
        return farm;
    }

    private static Farm start(Farm farm, List<String> names,
                              BiFunction<String, Map<String, Integer>, Map<String, String>> settings) throws Exception {
        try {
            farm.bindAll(names, settings);
            for (String name : names) {
                farm.running.get(name).start(app(name, farm.parameters.get(name), farm.filterAsyncSupported));
            }
            return farm;
        } catch (Exception | Error e) {
            farm.close();
            throw e;
        }
    }

    private void bindAll(List<String> names, BiFunction<String, Map<String, Integer>, Map<String, String>> settings) throws Exception {
        for (String name : names) {
            ServletContainer container = kinds.apply(name).get();
            running.put(name, container);
            ports.put(name, container.bind(0));
        }
        for (String name : names) {
            parameters.put(name, settings.apply(name, ports));
        }
    }

    /**
     * The test app of node {@code name} at {@code /app}, behind the filter with {@code filterParameters},
     * behind a filter that adds the header {@link #FRONT_HEADER} with the node's name first.
     */
    static ServletApp app(String name, Map<String, String> filterParameters, boolean filterAsyncSupported) {
        return new ServletApp("/app")
                .filter("before-affinity", (request, response, chain) -> {
                    ((HttpServletResponse) response).addHeader(FRONT_HEADER, name);
                    chain.doFilter(request, response);
                }, Map.of())
                .filter("affinity", AffinityFilter.class, filterParameters, filterAsyncSupported)
                .servlet("app", new TestApp(name), "/*");
    }

    /** The settings every test node uses unless a test says otherwise. */
    static Map<String, String> defaults(String self, Map<String, Integer> ports) {
        Map<String, String> settings = TestNodeSettings.of(self, ports, SECRET, "param:id,cookie:customer,header:X-Customer");
        settings.put("forward.idle-timeout", "3s");
        return settings;
    }

    /** The {@code members} setting for these ports. */
    static String members(Map<String, Integer> ports) {
        return TestNodeSettings.members(ports);
    }

    /** The URL of {@code pathAndQuery} (starting with {@code /app}) on node {@code name}. */
    URI url(String name, String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port(name) + pathAndQuery);
    }

    /** Every node's port, by name, in member order. */
    Map<String, Integer> ports() {
        return java.util.Collections.unmodifiableMap(ports);
    }

    int port(String name) {
        return ports.get(name);
    }

    List<String> names() {
        return List.copyOf(ports.keySet());
    }

    /** The rendezvous ranking of {@code key} over all members (as every node sees it while all are up). */
    List<String> rank(String key) {
        List<Member> members = new MemberListParser("members").parseList(members(ports));
        Placement placement = Strategy.RENDEZVOUS.place(members);
        return placement.rank(PartitionKey.of(key).hash()).stream().map(Member::name).toList();
    }

    /** A key whose owner is {@code owner}. */
    String keyOwnedBy(String owner) {
        for (int i = 0; i < 10_000; i++) {
            String key = "key-" + i;
            if (rank(key).get(0).equals(owner)) {
                return key;
            }
        }
        throw new IllegalStateException("no key owned by " + owner);
    }

    /**
     * Waits until every running node sees every member up, confirmed by a probe: nodes start one
     * after another and probe peers that are not listening yet, and a member is only assumed up
     * before its first probes.
     */
    void awaitEveryMemberConfirmed() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
            for (String node : running.keySet()) {
                HttpResponse<String> status = http.send(HttpRequest.newBuilder(url(node, "/app/affinity/status")).build(),
                        HttpResponse.BodyHandlers.ofString());
                for (JsonNode member : JSON.readTree(status.body()).get("members")) {
                    if (!member.path("confirmed").asBoolean()) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    /** Stops node {@code name}; its port is known to the others, and kept for {@link #restart}. */
    void stop(String name) throws Exception {
        running.remove(name).close();
    }

    /** Starts node {@code name} (again) on its port with its settings. */
    void restart(String name) throws Exception {
        ServletContainer container = kinds.apply(name).get();
        container.bind(port(name));
        running.put(name, container);
        container.start(app(name, parameters.get(name), filterAsyncSupported));
    }

    /** The running container of node {@code name}. */
    ServletContainer container(String name) {
        return running.get(name);
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (ServletContainer container : running.values()) {
            try {
                container.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        running.clear();
        if (first != null) {
            throw first;
        }
    }
}
