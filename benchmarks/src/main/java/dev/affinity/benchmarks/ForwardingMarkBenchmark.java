package dev.affinity.benchmarks;

import dev.affinity.filter.ForwardingMark;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of the {@code Affinity-Forwarded} mark: signing it on the forwarding node and
 * verifying it on the owner (HMAC-SHA256 each), through the filter's public {@link ForwardingMark}.
 * Requests cycle over 1 024 targets so that no result is constant.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ForwardingMarkBenchmark {
    private static final int REQUESTS = 1_024;

    private final ForwardingMark marks = new ForwardingMark("benchmark-secret-0123456789", Duration.ofSeconds(30),
            System::currentTimeMillis);
    private String[] targets;
    private String[] signed;
    private int next;

    @Setup
    public void setUp() {
        targets = new String[REQUESTS];
        signed = new String[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            targets[i] = "/shop/cart?id=customer-" + i + "&item=42";
            signed[i] = marks.sign("node0", "node1", i, "GET", targets[i]);
        }
    }

    @Benchmark
    public String sign() {
        int i = next++ & (REQUESTS - 1);
        return marks.sign("node0", "node1", i, "GET", targets[i]);
    }

    @Benchmark
    public boolean verify() {
        int i = next++ & (REQUESTS - 1);
        return marks.isValid(signed[i], "node1", i, "GET", targets[i]);
    }
}
