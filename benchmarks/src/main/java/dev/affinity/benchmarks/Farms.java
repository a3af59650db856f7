package dev.affinity.benchmarks;

import dev.affinity.config.Settings;
import dev.affinity.routing.Routing;
import dev.affinity.routing.RoutingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.StringJoiner;

/** Member lists for benchmarks, and keys owned by a chosen member. */
final class Farms {
    private static final int KEY_SEARCH_LIMIT = 10_000;

    private Farms() {
    }

    /** {@code count} members on 10.0.x.y:8080, named node0…, as the {@code members} setting. */
    static String members(int count) {
        StringJoiner joined = new StringJoiner(",");
        for (int i = 0; i < count; i++) {
            joined.add("http://10.0." + (i / 250) + "." + (i % 250 + 1) + ":8080;name=node" + i);
        }
        return joined.toString();
    }

    /** Members on 127.0.0.1, one per name and port, as the {@code members} setting. */
    static String loopback(Map<String, Integer> ports) {
        StringJoiner joined = new StringJoiner(",");
        ports.forEach((name, port) -> joined.add("http://127.0.0.1:" + port + ";name=" + name));
        return joined.toString();
    }

    /** A value {@code customer-N} of the {@code id} parameter that {@code members} place on {@code owner} (rendezvous). */
    static String idOwnedBy(String members, String owner) {
        return ids(members, owner::equals, 1).get(0);
    }

    /** The first {@code count} values {@code customer-N} of the {@code id} parameter that {@code members} place on a member {@code owners} accepts. */
    static List<String> ids(String members, Predicate<String> owners, int count) {
        List<String> ids = new ArrayList<>();
        String anyMember = members.substring(members.indexOf(";name=") + ";name=".length()).split(",")[0];
        try (Routing routing = Routing.start(Settings.of(Map.of("members", members, "self", anyMember, "key", "param:id",
                "health.interval", "0"), RoutingSettings.NAMES), "/affinity/health")) {
            for (int i = 0; i < KEY_SEARCH_LIMIT * count && ids.size() < count; i++) {
                String id = "customer-" + i;
                if (owners.test(routing.router().route(routing.keys().extract(new FixedRequest("/", "id=" + id))).name())) {
                    ids.add(id);
                }
            }
        }
        if (ids.size() < count) {
            throw new IllegalStateException("fewer than " + count + " keys are placed on the members asked for");
        }
        return ids;
    }
}
