package dev.affinity.benchmarks;

import dev.affinity.balancer.Balancer;
import dev.affinity.balancer.Decision;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The redirect balancer's whole decision for one request ({@link Balancer#decide}): checking the
 * path and query, extracting the key ({@code key=param:id}) and placing it among the default pool's
 * members. Requests cycle over 1 024 different ids.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RedirectDecisionBenchmark {
    private static final int REQUESTS = 1_024;

    @Param({"3", "16", "64"})
    public int members;

    private Balancer balancer;
    private FixedRequest[] requests;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        balancer = Balancer.start(BalancerConfigs.write(Farms.members(members)).toString());
        requests = FixedRequest.prices(REQUESTS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        balancer.close();
    }

    @Benchmark
    public Decision decide() {
        return balancer.decide(requests[next++ & (REQUESTS - 1)]);
    }
}
