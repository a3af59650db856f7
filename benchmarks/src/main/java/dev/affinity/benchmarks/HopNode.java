package dev.affinity.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One side of the forward hop in its own JVM, so that it can be profiled alone (JFR, {@code perf}):
 * {@code HopNode a|b|proxy|core PORT_A PORT_B [SETTING=VALUE...]}. {@code a} is the forwarding node (the affinity filter as
 * member {@code a} on {@code PORT_A}), {@code b} the owner (the filter as member {@code b} on
 * {@code PORT_B}, checking the mark), {@code proxy} Jetty's plain {@code AsyncProxyServlet} on
 * {@code PORT_A} in front of {@code PORT_B}, {@code core} Jetty's core {@code ProxyHandler} likewise. The filter's settings are the benchmark's, with those
 * given added. A request for {@code /price?id=ID} with an ID that
 * {@code b} owns is printed. Prints {@code ready <port>} when it serves, and stops when its
 * standard input closes.
 */
public final class HopNode {
    private HopNode() {
    }

    public static void main(String[] args) throws Exception {
        String role = args[0];
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("a", Integer.parseInt(args[1]));
        ports.put("b", Integer.parseInt(args[2]));
        String members = Farms.loopback(ports);
        try (JettyNode node = JettyNode.bind(ports.get(role.equals("b") ? "b" : "a"))) {
            switch (role) {
                case "a", "b" -> {
                    Map<String, String> settings = HttpBenchmarks.filterSettings(members, role);
                    for (int i = 3; i < args.length; i++) {
                        settings.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
                    }
                    node.serveWithFilter(new BenchApp(), settings);
                }
                case "proxy" -> node.proxyTo("http://127.0.0.1:" + ports.get("b"));
                case "core" -> node.coreProxyTo("http://127.0.0.1:" + ports.get("b"));
                default -> throw new IllegalArgumentException("role: a, b, proxy or core");
            }
            System.out.println("ready " + node.port() + " /price?id=" + Farms.idOwnedBy(members, "b") + "&amount=2");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                continue;
            }
        }
    }
}
