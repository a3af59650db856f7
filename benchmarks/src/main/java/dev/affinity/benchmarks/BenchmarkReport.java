package dev.affinity.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks and writes {@code docs/benchmarks.md}: the machine, the date, the command,
 * and each figure with its ratio to the baseline measured in the same run.
 * Usage: {@code java -jar benchmarks/target/benchmarks.jar [--parts=micro,placement,local,forward,farm,streaming,session,crash,redirect] [output file]}.
 */
public final class BenchmarkReport {
    static final String COMMAND = "mvn -B -q -DskipTests package -pl benchmarks -am && java -jar benchmarks/target/benchmarks.jar";
    private static final List<String> PARTS = List.of("micro", "placement", "local", "forward", "farm", "streaming", "session", "crash", "redirect");
    /** Rounds and seconds per load run; {@code -Dbenchmarks.rounds=1 -Dbenchmarks.seconds=1} for a quick trial of a part. */
    private static final int ROUNDS = Integer.getInteger("benchmarks.rounds", 5);
    private static final Wrk WRK = new Wrk(16, Integer.getInteger("benchmarks.seconds", 4));
    /** Runs of each subject of the crash check ({@code -Dbenchmarks.crash.runs}). */
    private static final int CRASH_RUNS = Integer.getInteger("benchmarks.crash.runs", 3);

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of("docs/benchmarks.md");
        Set<String> parts = new LinkedHashSet<>(PARTS);
        for (String arg : args) {
            if (arg.startsWith("--parts=")) {
                parts = parts(arg.substring("--parts=".length()));
            } else {
                output = Path.of(arg);
            }
        }
        if (parts.contains("local") || parts.contains("forward") || parts.contains("farm") || parts.contains("session")
                || parts.contains("redirect")) {
            HttpBenchmarks.requireTools();
        }
        String command = COMMAND + (parts.size() == PARTS.size() ? "" : " --parts=" + String.join(",", parts));
        StringBuilder report = new StringBuilder();
        report.append("# Benchmarks\n\n");
        report.append("Produced by `").append(command).append("` on ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(".\n\n");
        report.append("Machine: ").append(Machine.describe()).append(".\n\n");
        String loadAtStart = Machine.loadAverage();
        int loadLine = report.length();
        report.append("Absolute figures depend on the machine, and this one is shared with other work while the benchmarks run, ")
                .append("so they are noisy; the ratios against the baseline measured in the same run, interleaved, are what to compare.\n\n");
        report.append("In the HTTP parts the load generator, the proxies and the back ends share the same cores: the embedded Jetty ")
                .append("servers (back ends, `AffinityFilter` nodes, `AsyncProxyServlet`) run in the benchmark's JVM, nginx and HAProxy ")
                .append("in their own processes, and one `wrk` thread can itself be the limit for the fastest subjects.\n\n");
        HttpBenchmarks http = new HttpBenchmarks(WRK, ROUNDS);
        String httpMethod = "Load: " + WRK.describe() + " on 127.0.0.1, every subject warmed up by two runs, then " + ROUNDS
                + " rounds in which each subject runs once in turn, each round starting with the next subject; medians of the rounds."
                + " Ratios are to the first row, the baseline: the median of the rounds' ratios, each taken within one round.\n\n";
        if (parts.contains("micro")) {
            report.append(micro());
        }
        if (parts.contains("placement")) {
            report.append("\n## Placement: keys moved and load\n\n");
            report.append(PlacementReport.markdown());
        }
        if (parts.contains("local")) {
            report.append("\n## Local dispatch (HTTP)\n\n")
                    .append("A trivial servlet (`GET /price?id=customer-17&amount=2` answers `ok`) on embedded Jetty 12, alone and behind ")
                    .append("`AffinityFilter` with `key=param:id` in a one-member farm, so every key is local. Target: ≥ 0.95 of the ")
                    .append("throughput, p99 within 10 %.\n\n").append(httpMethod).append(http.localDispatch());
        }
        if (parts.contains("forward")) {
            report.append("\n## Forwarding: client → node A → owner B (HTTP)\n\n")
                    .append("The same owner B (the servlet behind `AffinityFilter`, which checks the forwarding mark) behind: A with ")
                    .append("`AffinityFilter` (key owned by B), Jetty 12's transparent `AsyncProxyServlet`, nginx `proxy_pass` with ")
                    .append("upstream keepalive (2 workers) and HAProxy (2 threads, `http-reuse always`). Target: ≥ 0.9 of ")
                    .append("`AsyncProxyServlet`.\n\n").append(httpMethod).append(http.forwarding());
        }
        if (parts.contains("farm")) {
            report.append("\n## Farm: the client, a gateway, any node and proxy tiers (HTTP)\n\n")
                    .append("Three nodes, keys `customer-1…100000` drawn at random. Baseline: nginx (`hash $arg_id consistent`, ")
                    .append("upstream keepalive) in front of three bare servlets, so every request makes one proxy hop; HAProxy ")
                    .append("(`balance url_param id`, `hash-type consistent`) likewise. A gateway (`AffinityFilter` with ")
                    .append("`gateway=true`) in front of a farm of three `AffinityFilter` nodes forwards every request to its owner ")
                    .append("(one hop, signed: the owner checks the mark); Jetty's `AsyncProxyServlet`, placing by the toolkit's ")
                    .append("rendezvous, does the same in front of the same nodes, unsigned; the client sending everything to ")
                    .append("node0 of that farm has node0 serve its own third of the keys and forward the rest (one hop). The ")
                    .append("partition-aware client (`affinity-client`) is a Java library, so a second table loads the same farm from ")
                    .append("Java callers: the client against the same callers sending each request to its owner computed in advance ")
                    .append("(no hop), through the nginx tier, through the gateway and to node0. On one machine every subject uses ")
                    .append("the same two cores, so this shows the cost per request, not the saving of a proxy tier's machines.\n\n")
                    .append(httpMethod).append(http.farm(3));
        }
        if (parts.contains("streaming")) {
            report.append("\n## Streaming through a forward\n\n")
                    .append("Java's `HttpClient` sends 1 GiB (`POST`, Content-Length) and fetches 1 GiB (`GET`) through node A, ")
                    .append("whose `AffinityFilter` forwards to the owner B; A runs in its own JVM. One run each.\n\n")
                    .append(new StreamingBenchmark().run());
        }
        if (parts.contains("session")) {
            report.append("\n## Session backup: the cart workload\n\n")
                    .append("Embedded Jetty 12 nodes serving `CartApp` (a session of about 6 KiB: profile, preferences, history, cart), ")
                    .append("each node with its own Hazelcast member, plus a member holding backups, all on 127.0.0.1. ")
                    .append("Peers on the same cluster: Spring Session 3.5 ")
                    .append("(`HazelcastIndexedSessionRepository` behind `SessionRepositoryFilter`), and on two embedded Tomcat 11.0.14 ")
                    .append("nodes (the release `tomcat-catalina-ha` matches) in a static Tribes cluster with the `ReplicationValve`, ")
                    .append("Tomcat's `DeltaManager` and `BackupManager`, measured against Tomcat 11.0.14 without a cluster. ")
                    .append("Baseline for the write volume: a filter that writes the whole session, Java-serialized, to a Hazelcast map ")
                    .append("after every request, as a naive backup (and `jetty-hazelcast`) does. Targets: a read-only request writes ")
                    .append("nothing; a one-attribute change writes ≤ 1.2 × that attribute plus fixed metadata; `async` adds ≤ 5 % to p99.\n\n")
                    .append("### What each request writes\n\n")
                    .append(new SessionBenchmark(WRK, ROUNDS).run(httpMethod))
                    .append("\n### Encrypted against unencrypted values (JMH)\n\n")
                    .append("`SessionSealingBenchmark`: one attribute value of the cart workload written (Java serialization, then ")
                    .append("AES-256-GCM under the session's key) and read (authenticated and decrypted, then deserialized through ")
                    .append("the allow-list), against the same without encryption. Every value the filter writes or restores pays this ")
                    .append("once; the HTTP figures above include it.\n\n")
                    .append(sealing(run(SessionSealingBenchmark.class)));
        }
        if (parts.contains("crash")) {
            report.append("\n### The serving node is killed (`kill -9`)\n\n")
                    .append("The subjects of the session part, each checked ").append(CRASH_RUNS).append(" times.\n\n")
                    .append(new SessionCrashCheck(CRASH_RUNS).run());
        }
        if (parts.contains("redirect")) {
            report.append("\n## Redirect balancer throughput (HTTP)\n\n")
                    .append("The redirect balancer servlet on embedded Jetty 12 (3 members, `key=param:id`, answering `303`) against ")
                    .append("nginx answering `return 303` to the same member for every request.\n\n")
                    .append(httpMethod).append(http.redirect());
        }
        report.insert(loadLine, "Load average of the machine (1, 5 and 15 minutes; " + Runtime.getRuntime().availableProcessors()
                + " cores): " + loadAtStart + " when the run started, " + Machine.loadAverage() + " when it ended.\n\n");
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, report.toString());
        System.out.println("wrote " + output.toAbsolutePath());
    }

    private static Set<String> parts(String list) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String part : list.split(",")) {
            if (!PARTS.contains(part.trim())) {
                throw new IllegalArgumentException("unknown part '" + part + "': choose from " + String.join(",", PARTS));
            }
            chosen.add(part.trim());
        }
        return chosen;
    }

    private static String micro() throws RunnerException {
        StringBuilder report = new StringBuilder("## Local routing decision (JMH)\n\n");
        report.append("`LocalDecisionBenchmark`: key extraction from the query string (`key=param:id`) + placement + the owner check, ")
                .append("the work the affinity filter does before it serves a request locally. Baseline: `modulo` (the seeds' `hash % n`) ")
                .append("at the same member count. Target: under 200 ns at 16 members.\n\n");
        report.append(localDecision(run(LocalDecisionBenchmark.class)));
        report.append("\n## Forwarding mark: HMAC-SHA256 sign and verify (JMH)\n\n")
                .append("`ForwardingMarkBenchmark`: building the `Affinity-Forwarded` mark on the forwarding node and checking it on the owner.\n\n");
        report.append(plain(run(ForwardingMarkBenchmark.class)));
        report.append("\n## Redirect decision (JMH)\n\n")
                .append("`RedirectDecisionBenchmark`: the balancer's whole decision (`Balancer.decide`: request checks, key, pool, ")
                .append("placement) with `key=param:id`, rendezvous. Target: under 300 ns.\n\n");
        report.append(plain(run(RedirectDecisionBenchmark.class)));
        return report.toString();
    }

    private static Collection<RunResult> run(Class<?> benchmark) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(benchmark.getName())
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .build();
        return new Runner(options).run();
    }

    private static String plain(Collection<RunResult> results) {
        StringBuilder table = new StringBuilder("| benchmark | parameters | ns per operation | ± (99.9 %) |\n| --- | --- | ---: | ---: |\n");
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            table.append(String.format("| %s | %s | %.1f | %.1f |%n", label.substring(label.lastIndexOf('.') + 1),
                    parameters(result), result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()));
        }
        return table.toString();
    }

    private static String sealing(Collection<RunResult> results) {
        Map<String, Double> score = new HashMap<>();
        Set<String> values = new LinkedHashSet<>();
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            String value = result.getParams().getParam("value");
            values.add(value);
            score.put(label.substring(label.lastIndexOf('.') + 1) + "@" + value, result.getPrimaryResult().getScore());
        }
        StringBuilder table = new StringBuilder("| value | bytes unencrypted | bytes encrypted | write ns unencrypted | write ns encrypted "
                + "| write ratio | read ns unencrypted | read ns encrypted | read ratio |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String value : values) {
            int[] sizes = SessionSealingBenchmark.sizes(value);
            double write = score.get("writeUnencrypted@" + value);
            double writeSealed = score.get("writeEncrypted@" + value);
            double read = score.get("readUnencrypted@" + value);
            double readSealed = score.get("readEncrypted@" + value);
            table.append(String.format("| %s | %d | %d | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f |%n", value, sizes[0], sizes[1],
                    write, writeSealed, writeSealed / write, read, readSealed, readSealed / read));
        }
        return table.toString();
    }

    private static String parameters(RunResult result) {
        List<String> values = new ArrayList<>();
        for (String key : result.getParams().getParamsKeys()) {
            values.add(key + "=" + result.getParams().getParam(key));
        }
        return values.isEmpty() ? "" : String.join(", ", values);
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
