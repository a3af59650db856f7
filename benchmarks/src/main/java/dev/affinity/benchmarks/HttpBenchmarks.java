package dev.affinity.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP load benchmarks on loopback: the affinity filter's local dispatch against the bare
 * servlet, one forwarding hop through the filter against Jetty's {@code AsyncProxyServlet}, nginx
 * and HAProxy in front of the same owner, and the redirect balancer against nginx's {@code return 303}.
 */
final class HttpBenchmarks {
    static final String SECRET = "benchmark-secret-0123456789";
    private static final int KEYS = 100_000;

    private final Wrk wrk;
    private final int rounds;

    HttpBenchmarks(Wrk wrk, int rounds) {
        this.wrk = wrk;
        this.rounds = rounds;
    }

    /** The same servlet with and without the filter, which owns every key (a one-member farm). */
    String localDispatch() throws Exception {
        try (JettyNode bare = JettyNode.bind(); JettyNode filtered = JettyNode.bind()) {
            bare.serve(new BenchApp());
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("members", Farms.loopback(Map.of("a", filtered.port())));
            settings.put("self", "a");
            settings.put("key", "param:id");
            filtered.serveWithFilter(new BenchApp(), settings);
            String request = "/price?id=customer-17&amount=2";
            return new Comparison(wrk, rounds)
                    .subject("servlet alone (baseline)", bare.url() + request)
                    .subject("servlet behind AffinityFilter, key owned locally", filtered.url() + request)
                    .run();
        }
    }

    /**
     * Client → A → owner B: A is the affinity filter (B also runs it and checks the mark), Jetty's
     * transparent {@code AsyncProxyServlet}, nginx or HAProxy. The owner served directly is shown too.
     */
    String forwarding() throws Exception {
        try (JettyNode owner = JettyNode.bind(); JettyNode node = JettyNode.bind(); JettyNode jettyProxy = JettyNode.bind()) {
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("a", node.port());
            ports.put("b", owner.port());
            String members = Farms.loopback(ports);
            owner.serveWithFilter(new BenchApp(), filterSettings(members, "b"));
            node.serveWithFilter(new BenchApp(), filterSettings(members, "a"));
            jettyProxy.proxyTo(owner.url());
            String request = "/price?id=" + Farms.idOwnedBy(members, "b") + "&amount=2";
            String target = "127.0.0.1:" + owner.port();
            try (ExternalServer nginx = ExternalServer.nginxProxy(target); ExternalServer haproxy = ExternalServer.haproxy(target)) {
                return new Comparison(wrk, rounds)
                        .subject("Jetty AsyncProxyServlet (baseline)", jettyProxy.url() + request)
                        .subject("AffinityFilter forward", node.url() + request)
                        .subject("nginx proxy_pass, upstream keepalive", nginx.url() + request)
                        .subject("HAProxy", haproxy.url() + request)
                        .subject("owner directly, no hop", owner.url() + request)
                        .run();
            }
        }
    }

    /**
     * The farm-level figures: {@code nodes} nodes, keys drawn at random, in two tables of the same run.
     * Loaded by {@code wrk}: proxy tiers (nginx and HAProxy by consistent hash) in front of the bare
     * servlets; a gateway, and Jetty's {@code AsyncProxyServlet} placing by the toolkit's rendezvous, in
     * front of the farm; and the farm's first node, which serves its own keys and forwards the others;
     * the nginx tier is the baseline. Loaded by Java callers: the partition-aware client, against the
     * same callers sending each request to its owner computed in advance (the baseline), through the
     * nginx tier, through the gateway and to the first node.
     */
    String farm(int nodes) throws Exception {
        List<JettyNode> filtered = new ArrayList<>();
        List<JettyNode> bare = new ArrayList<>();
        try (JettyNode gateway = JettyNode.bind(); JettyNode jettyTier = JettyNode.bind()) {
            Map<String, Integer> ports = new LinkedHashMap<>();
            List<String> bareTargets = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                filtered.add(JettyNode.bind());
                ports.put("node" + i, filtered.get(i).port());
                bare.add(JettyNode.bind().serve(new BenchApp()));
                bareTargets.add("127.0.0.1:" + bare.get(i).port());
            }
            String members = Farms.loopback(ports);
            for (int i = 0; i < nodes; i++) {
                filtered.get(i).serveWithFilter(new BenchApp(), filterSettings(members, "node" + i));
            }
            Map<String, String> gatewaySettings = filterSettings(members, "gateway");
            gatewaySettings.put("gateway", "true");
            gateway.serveWithFilter(new BenchApp(), gatewaySettings);
            jettyTier.proxyByKey(members);
            try (ExternalServer tier = ExternalServer.nginxHashTier(bareTargets);
                 ExternalServer haproxyTier = ExternalServer.haproxyHashTier(bareTargets);
                 CallerLoads callers = new CallerLoads(members, filtered.get(0).url(), KEYS)) {
                String byWrk = new Comparison(wrk.withRandomKeys(KEYS), rounds)
                        .subject("client → nginx hash tier → node (baseline)", tier.url() + "/")
                        .subject("client → HAProxy hash tier → node", haproxyTier.url() + "/")
                        .subject("client → Jetty AsyncProxyServlet by key → AffinityFilter owner", jettyTier.url() + "/")
                        .subject("client → gateway (AffinityFilter, gateway=true) → owner", gateway.url() + "/")
                        .subject("client → any node, AffinityFilter", filtered.get(0).url() + "/")
                        .run();
                String byJava = new Comparison(callers.direct(), rounds)
                        .subject("Java caller → owner, computed in advance (baseline)", callers.direct(), "owner")
                        .subject("Java caller with AffinityHttpClient → owner", callers.partitionAware(), "farm")
                        .subject("Java caller → nginx hash tier → node", callers.plain(), tier.url())
                        .subject("Java caller → gateway → owner", callers.plain(), gateway.url())
                        .subject("Java caller → any node, AffinityFilter", callers.plain(), filtered.get(0).url())
                        .run();
                return byWrk + "\nLoaded by Java callers: " + callers.describe() + "; the same rounds and medians.\n\n" + byJava;
            }
        } finally {
            for (JettyNode node : filtered) {
                node.close();
            }
            for (JettyNode node : bare) {
                node.close();
            }
        }
    }

    /** The redirect balancer webapp against nginx answering {@code return 303} to the same member. */
    String redirect() throws Exception {
        try (JettyNode balancer = JettyNode.bind()) {
            String members = Farms.members(3);
            balancer.serveBalancer(BalancerConfigs.write(members));
            String request = "/price?id=" + Farms.idOwnedBy(members, "node1") + "&amount=2";
            try (ExternalServer nginx = ExternalServer.nginxRedirect("http://10.0.0.2:8080")) {
                return new Comparison(wrk, rounds)
                        .subject("nginx `return 303` (baseline)", nginx.url() + request)
                        .subject("redirect balancer on Jetty 12", balancer.url() + request)
                        .run();
            }
        }
    }

    static Map<String, String> filterSettings(String members, String self) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("members", members);
        settings.put("self", self);
        settings.put("key", "param:id");
        settings.put("secret", SECRET);
        return settings;
    }

    /** Fails early, saying what to install, when a program the HTTP benchmarks need is missing. */
    static void requireTools() throws IOException {
        Wrk.requireInstalled();
        Tools.require("nginx", "nginx-light");
        Tools.require("haproxy", "haproxy");
    }
}
