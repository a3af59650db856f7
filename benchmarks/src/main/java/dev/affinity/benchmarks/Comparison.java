package dev.affinity.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads several subjects with {@code wrk}, interleaved (every subject once per round, rounds
 * repeated), after two warm-up runs each, and reports each subject's median throughput and p99 with
 * its ratio to the first subject, the baseline.
 */
final class Comparison {
    private static final int WARM_UP_RUNS = 2;

    private final Wrk wrk;
    private final int rounds;
    private final Map<String, String> subjects = new LinkedHashMap<>();
    private final Map<String, Wrk> loads = new LinkedHashMap<>();

    Comparison(Wrk wrk, int rounds) {
        this.wrk = wrk;
        this.rounds = rounds;
    }

    /** Adds a subject; the first one added is the baseline. */
    Comparison subject(String name, String url) {
        return subject(name, wrk, url);
    }

    /** Adds a subject loaded by its own {@code load} (a script of its own, say). */
    Comparison subject(String name, Wrk load, String url) {
        subjects.put(name, url);
        loads.put(name, load);
        return this;
    }

    /** Runs the rounds and returns a Markdown table. */
    String run() throws IOException, InterruptedException {
        for (Map.Entry<String, String> subject : subjects.entrySet()) {
            System.out.println("warming up " + subject.getKey());
            for (int run = 0; run < WARM_UP_RUNS; run++) {
                loads.get(subject.getKey()).run(subject.getValue());
            }
        }
        Map<String, List<Wrk.Result>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, String> subject : subjects.entrySet()) {
                Wrk.Result result = loads.get(subject.getKey()).run(subject.getValue());
                System.out.printf("round %d %s: %.0f req/s, p99 %.2f ms%n", round, subject.getKey(), result.requestsPerSecond(),
                        result.p99Millis());
                results.computeIfAbsent(subject.getKey(), name -> new ArrayList<>()).add(result);
            }
        }
        return table(results);
    }

    private String table(Map<String, List<Wrk.Result>> results) {
        StringBuilder table = new StringBuilder("| subject | requests/s (median) | p99 ms (median) | throughput ratio | p99 ratio | requests/s per round |\n"
                + "| --- | ---: | ---: | ---: | ---: | --- |\n");
        double baseThroughput = Double.NaN;
        double baseP99 = Double.NaN;
        for (Map.Entry<String, List<Wrk.Result>> entry : results.entrySet()) {
            double throughput = median(entry.getValue().stream().mapToDouble(Wrk.Result::requestsPerSecond).toArray());
            double p99 = median(entry.getValue().stream().mapToDouble(Wrk.Result::p99Millis).toArray());
            if (Double.isNaN(baseThroughput)) {
                baseThroughput = throughput;
                baseP99 = p99;
            }
            StringBuilder rounds = new StringBuilder();
            entry.getValue().forEach(result -> rounds.append(rounds.isEmpty() ? "" : ", ").append(Math.round(result.requestsPerSecond())));
            table.append(String.format("| %s | %.0f | %.2f | %.2f | %.2f | %s |%n", entry.getKey(), throughput, p99,
                    throughput / baseThroughput, p99 / baseP99, rounds));
        }
        return table.toString();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
