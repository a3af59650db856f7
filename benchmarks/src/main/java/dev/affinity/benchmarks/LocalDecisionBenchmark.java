package dev.affinity.benchmarks;

import dev.affinity.config.Settings;
import dev.affinity.routing.Member;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Routing;
import dev.affinity.routing.RoutingSettings;
import java.util.Map;
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
 * The affinity filter's decision for one request: extract the key from the query string
 * ({@code key=param:id}), place it, and compare the owner with this node. Requests cycle over
 * 1 024 different ids. {@code modulo} is the seeds' placement, the baseline of the ratio.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LocalDecisionBenchmark {
    private static final int REQUESTS = 1_024;

    @Param({"3", "16", "64"})
    public int members;

    @Param({"rendezvous", "maglev", "modulo"})
    public String strategy;

    private Routing routing;
    private Member self;
    private FixedRequest[] requests;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        routing = Routing.start(Settings.of(Map.of("members", Farms.members(members), "self", "node0", "key", "param:id",
                "strategy", strategy, "health.interval", "0"), RoutingSettings.NAMES), "/affinity/health");
        self = routing.self(8080);
        requests = FixedRequest.prices(REQUESTS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        routing.close();
    }

    @Benchmark
    public boolean decide() {
        FixedRequest request = requests[next++ & (REQUESTS - 1)];
        PartitionKey key = routing.keys().extract(request);
        return routing.router().route(key) == self;
    }
}
