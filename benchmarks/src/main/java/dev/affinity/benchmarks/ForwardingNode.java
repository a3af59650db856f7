package dev.affinity.benchmarks;

import dev.affinity.testing.ChildJvm;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A forwarding node in its own JVM, so that its memory can be measured: the benchmark app behind
 * the affinity filter as member {@code a}, with the owner {@code b} on the port given as the only
 * argument. Prints {@code ready <port>} when it serves, and stops when its standard input closes.
 */
public final class ForwardingNode {
    private ForwardingNode() {
    }

    public static void main(String[] args) throws Exception {
        try (JettyNode node = JettyNode.bind()) {
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("a", node.port());
            ports.put("b", Integer.parseInt(args[0]));
            node.serveWithFilter(new BenchApp(), HttpBenchmarks.filterSettings(Farms.loopback(ports), "a"));
            ChildJvm.tell("ready " + node.port());
            ChildJvm.awaitParentGone(System.in);
        }
    }
}
