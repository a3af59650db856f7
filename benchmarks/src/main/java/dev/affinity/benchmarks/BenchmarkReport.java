package dev.affinity.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks and writes {@code docs/benchmarks.md}: the machine, the date, the command,
 * and each figure with its ratio to the baseline measured in the same run.
 * Usage: {@code java -jar benchmarks/target/benchmarks.jar [output file]}.
 */
public final class BenchmarkReport {
    static final String COMMAND = "mvn -B -q -DskipTests package -pl benchmarks -am && java -jar benchmarks/target/benchmarks.jar";

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Path output = Path.of(args.length > 0 ? args[0] : "docs/benchmarks.md");
        StringBuilder report = new StringBuilder();
        report.append("# Benchmarks\n\n");
        report.append("Produced by `").append(COMMAND).append("` on ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(".\n\n");
        report.append("Machine: ").append(Machine.describe()).append(".\n\n");
        report.append("Absolute figures depend on the machine; the ratios against the baseline measured in the same run are what to compare.\n\n");

        report.append("## Local routing decision (JMH)\n\n");
        report.append("`LocalDecisionBenchmark`: key extraction from the query string (`key=param:id`) + placement + the owner check, ")
                .append("the work the affinity filter does before it serves a request locally. Baseline: `modulo` (the seeds' `hash % n`) ")
                .append("at the same member count. Target: under 200 ns at 16 members.\n\n");
        report.append(localDecision(run(LocalDecisionBenchmark.class)));

        report.append("\n## Placement: keys moved and load\n\n");
        report.append(PlacementReport.markdown());
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, report.toString());
        System.out.println("wrote " + output.toAbsolutePath());
    }

    private static Collection<RunResult> run(Class<?> benchmark) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(benchmark.getSimpleName())
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .build();
        return new Runner(options).run();
    }

    private static String localDecision(Collection<RunResult> results) {
        Map<String, Double> score = new HashMap<>();
        Map<String, Double> error = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (RunResult result : results) {
            String key = result.getParams().getParam("strategy") + "@" + result.getParams().getParam("members");
            score.put(key, result.getPrimaryResult().getScore());
            error.put(key, result.getPrimaryResult().getScoreError());
            order.add(key);
        }
        StringBuilder table = new StringBuilder("| strategy | members | ns per decision | ± (99.9 %) | ratio to modulo |\n| --- | ---: | ---: | ---: | ---: |\n");
        for (String key : order) {
            String[] parts = key.split("@");
            double baseline = score.getOrDefault("modulo@" + parts[1], Double.NaN);
            table.append(String.format("| %s | %s | %.1f | %.1f | %.2f |%n", parts[0], parts[1], score.get(key), error.get(key),
                    score.get(key) / baseline));
        }
        return table.toString();
    }
}
