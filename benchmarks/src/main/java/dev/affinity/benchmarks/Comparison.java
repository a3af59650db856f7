package dev.affinity.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads several subjects with {@code wrk} (or another {@link Load}), interleaved (every subject once per round, each round
 * starting with the next subject, so none always runs first or right after another), after two
 * warm-up runs each, and reports each subject's median throughput and p99, and its ratios to the
 * first subject, the baseline: the median over the rounds of the ratio within each round, so a
 * machine that is busier in one round than in another moves both sides of that round's ratio.
 * A later {@link #baseline} starts a group of its own (another container, say): the subjects
 * added after it are compared with it.
 */
final class Comparison {
    private static final int WARM_UP_RUNS = 2;

    private final Load wrk;
    private final int rounds;
    private final Map<String, String> subjects = new LinkedHashMap<>();
    private final Map<String, Load> loads = new LinkedHashMap<>();
    private final Map<String, String> baselines = new LinkedHashMap<>();
    private String baseline;

    Comparison(Load wrk, int rounds) {
        this.wrk = wrk;
        this.rounds = rounds;
    }

    /** Adds a subject; the first one added is the baseline. */
    Comparison subject(String name, String url) {
        return subject(name, wrk, url);
    }

    /** Adds a subject loaded by its own {@code load} (a script of its own, say). */
    Comparison subject(String name, Load load, String url) {
        if (baseline == null) {
            baseline = name;
        }
        baselines.put(name, baseline);
        subjects.put(name, url);
        loads.put(name, load);
        return this;
    }

    /** Adds a subject that is the baseline of the subjects added after it. */
    Comparison baseline(String name, Load load, String url) {
        baseline = name;
        return subject(name, load, url);
    }

    /** Runs the rounds and returns a Markdown table. */
    String run() throws IOException, InterruptedException {
        for (Map.Entry<String, String> subject : subjects.entrySet()) {
            System.out.println("warming up " + subject.getKey());
            for (int run = 0; run < WARM_UP_RUNS; run++) {
                loads.get(subject.getKey()).run(subject.getValue());
            }
        }
        List<String> names = new ArrayList<>(subjects.keySet());
        Map<String, List<Wrk.Result>> results = new LinkedHashMap<>();
        names.forEach(name -> results.put(name, new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            for (int turn = 0; turn < names.size(); turn++) {
                String name = names.get((round - 1 + turn) % names.size());
                Wrk.Result result = loads.get(name).run(subjects.get(name));
                System.out.printf("round %d %s: %.0f req/s, p99 %.2f ms%n", round, name, result.requestsPerSecond(), result.p99Millis());
                results.get(name).add(result);
            }
        }
        return table(results);
    }

    private String table(Map<String, List<Wrk.Result>> results) {
        StringBuilder table = new StringBuilder("| subject | requests/s (median) | p99 ms (median) | throughput ratio | p99 ratio | requests/s per round |\n"
                + "| --- | ---: | ---: | ---: | ---: | --- |\n");
        for (Map.Entry<String, List<Wrk.Result>> entry : results.entrySet()) {
            List<Wrk.Result> subject = entry.getValue();
            List<Wrk.Result> reference = results.get(baselines.get(entry.getKey()));
            double[] throughputRatios = new double[subject.size()];
            double[] p99Ratios = new double[subject.size()];
            for (int round = 0; round < subject.size(); round++) {
                throughputRatios[round] = subject.get(round).requestsPerSecond() / reference.get(round).requestsPerSecond();
                p99Ratios[round] = subject.get(round).p99Millis() / reference.get(round).p99Millis();
            }
            StringBuilder rounds = new StringBuilder();
            subject.forEach(result -> rounds.append(rounds.isEmpty() ? "" : ", ").append(Math.round(result.requestsPerSecond())));
            table.append(String.format("| %s | %.0f | %.2f | %.2f | %.2f | %s |%n", entry.getKey(),
                    median(subject.stream().mapToDouble(Wrk.Result::requestsPerSecond).toArray()),
                    median(subject.stream().mapToDouble(Wrk.Result::p99Millis).toArray()),
                    median(throughputRatios), median(p99Ratios), rounds));
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
