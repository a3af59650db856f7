package dev.affinity.benchmarks;

import java.util.StringJoiner;

/** Member lists of a given size, for benchmarks. */
final class Farms {
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
}
