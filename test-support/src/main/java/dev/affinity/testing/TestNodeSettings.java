package dev.affinity.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The affinity filter's settings for a test node on 127.0.0.1: every member listed by name and
 * port, the node's name and node headers exposed, the status endpoint on, probes every 100 ms
 * (up after one success, down after two failures) and a connect timeout of 1 s, so a test sees a
 * member come and go within a second.
 */
public final class TestNodeSettings {
    private TestNodeSettings() {
    }

    /** The settings of node {@code self} of the farm whose members listen on {@code ports} (by name), under {@code secret}, keyed by {@code key}. */
    public static Map<String, String> of(String self, Map<String, Integer> ports, String secret, String key) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("members", members(ports));
        settings.put("self", self);
        settings.put("secret", secret);
        settings.put("key", key);
        settings.put("expose-node", "true");
        settings.put("status.enabled", "true");
        settings.put("health.interval", "100ms");
        settings.put("health.timeout", "3s");
        settings.put("health.rise", "1");
        settings.put("health.fall", "2");
        settings.put("forward.connect-timeout", "1s");
        return settings;
    }

    /** The {@code members} setting for members listening on {@code ports} of 127.0.0.1, by name. */
    public static String members(Map<String, Integer> ports) {
        return ports.entrySet().stream().map(e -> "http://127.0.0.1:" + e.getValue() + ";name=" + e.getKey())
                .collect(Collectors.joining(","));
    }
}
