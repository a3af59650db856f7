package dev.affinity.filter;

import dev.affinity.routing.Member;
import dev.affinity.routing.MemberListParser;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Placement;
import dev.affinity.routing.Strategy;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/** Embedded containers on 127.0.0.1, each running the test app behind the AffinityFilter. */
final class Farm implements AutoCloseable {
    static final String SECRET = "farm-test-secret-0123456789";

    private final Container.Kind kind;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> parameters = new LinkedHashMap<>();
    private final Map<String, Container> running = new LinkedHashMap<>();

    private Farm(Container.Kind kind) {
        this.kind = kind;
    }

    /** Starts one node per name with the default settings. */
    static Farm start(Container.Kind kind, List<String> names) throws Exception {
        return start(kind, names, Farm::defaults);
    }

    /** Starts one node per name; {@code settings} gives a node's init-params from its name and every node's port. */
    static Farm start(Container.Kind kind, List<String> names,
                      BiFunction<String, Map<String, Integer>, Map<String, String>> settings) throws Exception {
        Farm farm = new Farm(kind);
        try {
            Map<String, Container> bound = new LinkedHashMap<>();
            for (String name : names) {
                Container container = kind.create();
                bound.put(name, container);
                farm.running.put(name, container);
                farm.ports.put(name, container.bind(0));
            }
            for (String name : names) {
                farm.parameters.put(name, settings.apply(name, farm.ports));
                bound.get(name).start(new TestApp(name), farm.parameters.get(name));
            }
            return farm;
        } catch (Exception | Error e) {
            farm.close();
            throw e;
        }
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
        Container container = kind.create();
        container.bind(port(name));
        running.put(name, container);
        container.start(new TestApp(name), parameters.get(name));
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (Container container : running.values()) {
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
