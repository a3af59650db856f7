package dev.affinity.benchmarks;

import dev.affinity.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A restarted node's first seconds under load, with slow start and warm-up off and on, in the same
 * run: two farms of three {@code affinity-node.jar} processes (one with neither, one with
 * {@code slow-start} on every node and {@code warm-up} on the loaded path); in each
 * round node0 of each farm in turn is killed ({@code SIGKILL}), its peers see it down, it is
 * started again, and from the moment its health answers {@code 200}, every second for
 * {@value #SECONDS} s, three {@code wrk -d1s} run at once: keys node0 owns sent to node0 (served
 * locally), keys its peers own sent to node0 (forwarded) and keys node0 owns sent to node1 (the
 * farm's traffic for node0, which slow start holds back). Medians per second over the rounds; the
 * farms take turns going first.
 * The path is the demo's {@code /price} (a price slow to compute, then cached by the key's owner) or
 * {@code /whoami} (no work: the node's own paths alone). Run by hand: {@code java -cp
 * benchmarks/target/benchmarks.jar dev.affinity.benchmarks.RestartBenchmark [demo/target/affinity-node.jar]
 * [rounds] [/price|/whoami]}; prints a Markdown section.
 */
public final class RestartBenchmark {
    static final int SECONDS = 10;
    private static final int NODES = 3;
    private static final int KEYS = 1000;
    private static final int CONNECTIONS = 8;
    private static final String SLOW_START = "10s";
    private static final String WARM_UP = "1000";
    private static final List<String> COLUMNS = List.of("node0 serves its keys", "node0 forwards", "node1 → node0's keys");

    private RestartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "demo/target/affinity-node.jar");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String path = args.length > 2 ? args[2] : "/price";
        Wrk.requireInstalled();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with `mvn -B -q -DskipTests package -pl demo -am`");
        }
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS) + " (load average " + Machine.loadAverage() + ")";
        Map<String, String> on = new LinkedHashMap<>();
        on.put("slow-start", SLOW_START);
        on.put("warm-up", WARM_UP);
        on.put("warm-up.path", path);
        Map<String, List<Round>> results = new LinkedHashMap<>();
        try (Farm off = Farm.start(jar, "off", Map.of(), path); Farm warm = Farm.start(jar, "on", on, path)) {
            List<Farm> farms = List.of(off, warm);
            for (Farm farm : farms) {
                farm.loadNode0AndNode1();
            }
            for (int round = 0; round < rounds; round++) {
                for (Farm farm : round % 2 == 0 ? farms : List.of(warm, off)) {
                    results.computeIfAbsent(farm.label, l -> new ArrayList<>()).add(farm.restartNode0());
                    System.err.println("round " + (round + 1) + " " + farm.label + " done");
                }
            }
        }
        System.out.println(markdown(results, rounds, path, startedAt, Instant.now().truncatedTo(ChronoUnit.SECONDS) + " (load average "
                + Machine.loadAverage() + ")"));
    }

    private static String markdown(Map<String, List<Round>> results, int rounds, String path, String startedAt, String endedAt) {
        StringBuilder out = new StringBuilder();
        out.append("Path `").append(path).append("?id=…`. Started ").append(startedAt).append(", ended ").append(endedAt).append("; ").append(rounds)
                .append(" rounds, medians per second; each cell: requests/s, p99 ms.\n\n");
        for (Map.Entry<String, List<Round>> variant : results.entrySet()) {
            List<Round> list = variant.getValue();
            out.append("**").append(variant.getKey().equals("off") ? "slow start and warm-up off"
                    : "slow-start=" + SLOW_START + ", warm-up=" + WARM_UP + ", warm-up.path=" + path).append("**: node0 ready (health `200`) ")
                    .append(median(list.stream().mapToDouble(r -> r.readyMillis).toArray()) / 1000).append(" s after its start (median); ")
                    .append(list.stream().flatMap(r -> r.seconds.stream()).flatMap(Arrays::stream).filter(x -> Double.isNaN(x.requestsPerSecond())).count())
                    .append(" one-second loads after the restart saw a failed request (left out of the medians)\n\n");
            out.append("| second |");
            COLUMNS.forEach(c -> out.append(" ").append(c).append(" |"));
            out.append("\n| --- |").append(" ---: |".repeat(COLUMNS.size())).append("\n");
            row(out, "warm, before the kill", list, r -> r.before);
            for (int s = 0; s < SECONDS; s++) {
                int second = s;
                row(out, String.valueOf(s + 1), list, r -> r.seconds.get(second));
            }
            out.append("\n");
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String label, List<Round> rounds, java.util.function.Function<Round, Wrk.Result[]> slice) {
        out.append("| ").append(label).append(" |");
        for (int c = 0; c < COLUMNS.size(); c++) {
            int column = c;
            double rps = median(rounds.stream().mapToDouble(r -> slice.apply(r)[column].requestsPerSecond()).filter(x -> !Double.isNaN(x)).toArray());
            double p99 = median(rounds.stream().mapToDouble(r -> slice.apply(r)[column].p99Millis()).filter(x -> !Double.isNaN(x)).toArray());
            out.append(rps == 0 ? " 0, none answered within the second |" : String.format(Locale.ROOT, " %.0f, %.1f |", rps, p99));
        }
        out.append("\n");
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** One restart: the warm slice before the kill, the time to ready, and one slice per second after it. */
    private record Round(Wrk.Result[] before, long readyMillis, List<Wrk.Result[]> seconds) {
    }

    /** Three node processes with the same settings, and the loads that measure node0. */
    private static final class Farm implements AutoCloseable {
        private final String label;
        private final List<NodeProcess> nodes = new ArrayList<>();
        private final Wrk ownKeys;
        private final Wrk othersKeys;
        private final ExecutorService loads = Executors.newFixedThreadPool(COLUMNS.size());

        private Farm(String label, Wrk ownKeys, Wrk othersKeys) {
            this.label = label;
            this.ownKeys = ownKeys;
            this.othersKeys = othersKeys;
        }

        static Farm start(Path jar, String label, Map<String, String> settings, String path) throws Exception {
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (int i = 0; i < NODES; i++) {
                ports.put("node" + i, FreePorts.next());
            }
            String members = Farms.loopback(ports);
            Wrk wrk = new Wrk(CONNECTIONS, 1);
            Farm farm = new Farm(label, wrk.withScript(lua(path, Farms.ids(members, "node0"::equals, KEYS))),
                    wrk.withScript(lua(path, Farms.ids(members, owner -> !owner.equals("node0"), KEYS))));
            String secret = "restart-benchmark-" + label + "-0123456789";
            Map<String, String> withPorts = new LinkedHashMap<>(settings);
            withPorts.put("hazelcast.port", String.valueOf(FreePorts.range(NODES)));
            for (Map.Entry<String, Integer> node : ports.entrySet()) {
                Path log = Files.createTempFile("affinity-restart-" + label + "-" + node.getKey(), ".log");
                farm.nodes.add(new NodeProcess(jar, node.getKey(), node.getValue(), members, secret, withPorts, log));
            }
            try {
                for (NodeProcess node : farm.nodes) {
                    node.start();
                }
                return farm;
            } catch (Exception e) {
                farm.close();
                throw e;
            }
        }

        /** Ten seconds of the loads, so the farm is warm before the first restart. */
        void loadNode0AndNode1() throws Exception {
            for (int s = 0; s < SECONDS; s++) {
                slice();
            }
        }

        Round restartNode0() throws Exception {
            Wrk.Result[] before = slice();
            NodeProcess node0 = nodes.get(0);
            node0.kill();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline && !(nodes.get(1).seesDown("node0") && nodes.get(2).seesDown("node0"))) {
                Thread.sleep(50);
            }
            long ready = node0.start();
            List<Wrk.Result[]> seconds = new ArrayList<>();
            for (int s = 0; s < SECONDS; s++) {
                seconds.add(slice());
            }
            return new Round(before, ready, seconds);
        }

        /** One second of the three loads at once. */
        private Wrk.Result[] slice() throws Exception {
            List<Future<Wrk.Result>> running = List.of(
                    loads.submit(() -> ownKeys.run(nodes.get(0).url() + "/")),
                    loads.submit(() -> othersKeys.run(nodes.get(0).url() + "/")),
                    loads.submit(() -> ownKeys.run(nodes.get(1).url() + "/")));
            Wrk.Result[] results = new Wrk.Result[running.size()];
            for (int i = 0; i < results.length; i++) {
                try {
                    results[i] = running.get(i).get();
                } catch (ExecutionException e) {
                    System.err.println(label + ": " + e.getCause().getMessage());
                    results[i] = new Wrk.Result(Double.NaN, Double.NaN);
                }
            }
            return results;
        }

        private static String lua(String path, List<String> ids) {
            return "math.randomseed(42)\nids = {\"" + String.join("\",\"", ids) + "\"}\nrequest = function()\n"
                    + "  return wrk.format(nil, \"" + path + "?id=\" .. ids[math.random(#ids)] .. \"&amount=2\")\nend\n";
        }

        @Override
        public void close() throws InterruptedException {
            loads.shutdownNow();
            for (NodeProcess node : nodes) {
                node.close();
            }
        }
    }
}
