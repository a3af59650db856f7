package dev.affinity.filter;

import dev.affinity.routing.Member;
import dev.affinity.routing.MemberListParser;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Placement;
import dev.affinity.routing.Strategy;
import dev.affinity.testing.ServletApp;
import dev.affinity.testing.ServletContainer;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Embedded containers on 127.0.0.1, each running the test app behind the AffinityFilter. */
final class Farm implements AutoCloseable {
    static final String SECRET = "farm-test-secret-0123456789";

    private final Supplier<ServletContainer> kind;
    private final boolean filterAsyncSupported;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> parameters = new LinkedHashMap<>();
    private final Map<String, ServletContainer> running = new LinkedHashMap<>();

    private Farm(Supplier<ServletContainer> kind, boolean filterAsyncSupported) {
        this.kind = kind;
        this.filterAsyncSupported = filterAsyncSupported;
    }

    /** Starts one node per name with the default settings. */
    static Farm start(Supplier<ServletContainer> kind, List<String> names) throws Exception {
        return start(kind, names, Farm::defaults);
    }

    /** Starts one node per name; {@code settings} gives a node's init-params from its name and every node's port. */
    static Farm start(Supplier<ServletContainer> kind, List<String> names,
                      BiFunction<String, Map<String, Integer>, Map<String, String>> settings) throws Exception {
        return start(new Farm(kind, true), names, settings);
    }

    /** Starts one node per name with the default settings, the filter declared without async support. */
    static Farm startWithFilterNotAsync(Supplier<ServletContainer> kind, List<String> names) throws Exception {
        return start(new Farm(kind, false), names, Farm::defaults);
    }

    private static Farm start(Farm farm, List<String> names,
                              BiFunction<String, Map<String, Integer>, Map<String, String>> settings) throws Exception {
        try {
            for (String name : names) {
                ServletContainer container = farm.kind.get();
                farm.running.put(name, container);
                farm.ports.put(name, container.bind(0));
            }
            for (String name : names) {
                farm.parameters.put(name, settings.apply(name, farm.ports));
                farm.running.get(name).start(farm.app(name));
            }
            return farm;
        } catch (Exception | Error e) {
            farm.close();
            throw e;
        }
    }

    /** The test app of node {@code name} at {@code /app}, behind the filter with the node's settings. */
    private ServletApp app(String name) {
        return new ServletApp("/app")
                .filter("affinity", AffinityFilter.class, parameters.get(name), filterAsyncSupported)
                .servlet("app", new TestApp(name), "/*");
    }

    /** The settings every test node uses unless a test says otherwise. */
    static Map<String, String> defaults(String self, Map<String, Integer> ports) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("members", members(ports));
        settings.put("self", self);
        settings.put("secret", SECRET);
        settings.put("key", "param:id,cookie:customer,header:X-Customer");
        settings.put("expose-node", "true");
        settings.put("status.enabled", "true");
        settings.put("health.interval", "100ms");
        settings.put("health.timeout", "3s");
        settings.put("health.rise", "1");
        settings.put("health.fall", "2");
        settings.put("forward.connect-timeout", "1s");
        settings.put("forward.idle-timeout", "3s");
        return settings;
    }

    /** The {@code members} setting for these ports. */
    static String members(Map<String, Integer> ports) {
        return ports.entrySet().stream()
                .map(e -> "http://127.0.0.1:" + e.getValue() + ";name=" + e.getKey())
                .collect(Collectors.joining(","));
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

    /** Stops node {@code name}; its port stays reserved for {@link #restart}. */
    void stop(String name) throws Exception {
        running.remove(name).close();
    }

    /** Starts node {@code name} again on its old port with its old settings. */
    void restart(String name) throws Exception {
        ServletContainer container = kind.get();
        container.bind(port(name));
        running.put(name, container);
        container.start(app(name));
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
