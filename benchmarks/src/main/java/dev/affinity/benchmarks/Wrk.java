package dev.affinity.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the {@code wrk} load generator (Debian package {@code wrk}) against one URL and reads its
 * throughput and 99th-percentile latency.
 */
final class Wrk implements Load {
    private static final Pattern THROUGHPUT = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("\\n\\s*99%\\s+([0-9.]+)(us|ms|s)\\b");
    private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)|Socket errors: .*");

    private final int connections;
    private final int seconds;
    private final Path script;

    Wrk(int connections, int seconds) {
        this(connections, seconds, null);
    }

    private Wrk(int connections, int seconds, Path script) {
        this.connections = connections;
        this.seconds = seconds;
        this.script = script;
    }

    /**
     * The same load, each request to {@code /price?id=customer-N&amount=2} with N drawn at random
     * from 1 to {@code keys} (the URL's path is then ignored).
     */
    Wrk withRandomKeys(int keys) throws IOException {
        return withScript("math.randomseed(42)\nrequest = function()\n"
                + "  return wrk.format(nil, \"/price?id=customer-\" .. math.random(1, " + keys + ") .. \"&amount=2\")\nend\n");
    }

    /** The same load, with requests made by this Lua script (the URL's path is then ignored). */
    Wrk withScript(String lua) throws IOException {
        Path file = Files.createTempFile("affinity-bench", ".lua");
        file.toFile().deleteOnExit();
        Files.writeString(file, lua);
        return new Wrk(connections, seconds, file);
    }

    /** One measurement: requests per second and p99 latency in milliseconds. */
    record Result(double requestsPerSecond, double p99Millis) {
    }

    /** Fails with the install command when {@code wrk} is not on the PATH. */
    static void requireInstalled() {
        Tools.require("wrk", "wrk");
    }

    /** Loads {@code url} for the configured time and returns what {@code wrk} measured. */
    @Override
    public Result run(String url) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!wrk.waitFor(seconds + 30L, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
            wrk.destroy();
            throw new IOException("wrk failed on " + url + ":\n" + output);
        }
        Matcher errors = ERRORS.matcher(output);
        if (errors.find()) {
            throw new IOException("wrk saw failed requests on " + url + ":\n" + output);
        }
        Matcher throughput = THROUGHPUT.matcher(output);
        Matcher p99 = P99.matcher(output);
        if (!throughput.find() || !p99.find()) {
            throw new IOException("unexpected wrk output for " + url + ":\n" + output);
        }
        return new Result(Double.parseDouble(throughput.group(1)), millis(Double.parseDouble(p99.group(1)), p99.group(2)));
    }

    private static double millis(double value, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    /** Describes the load, for the report. */
    String describe() {
        return "`wrk -t1 -c" + connections + " -d" + seconds + "s --latency`" + (script == null ? "" : " with a Lua script");
    }
}
