package dev.affinity.it.nemesis;

import static org.awaitility.Awaitility.await;

import dev.affinity.demo.DemoFarm;
import dev.affinity.it.load.FarmProbe;
import dev.affinity.testing.ChildJvm;
import dev.affinity.testing.SessionStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The demo farm ({@code affinity-demo.jar}: three {@code affinity-node.jar} processes and the redirect
 * balancer) with the faults a nemesis deals: pausing a node ({@code SIGSTOP}/{@code SIGCONT}),
 * {@code kill -9} and restart, and stopping only a node's Hazelcast member ({@link MemberJmx}).
 *
 * <p>Hazelcast's timings are shortened for the suite, as JVM options of every node
 * ({@code JAVA_TOOL_OPTIONS}): a heartbeat every second, a member silent for {@value #HEARTBEAT_TIMEOUT_SECONDS} s is
 * dropped (the cluster splits), split clusters are looked for every {@code mergeDelay}, a graceful
 * shutdown waits at most 5 s, the member's MBeans are on, and an operation that holds one of its
 * threads over 10 s is logged with its stack. The nodes' write mode is set through
 * {@code AFFINITY_WRITE_MODE}.
 */
final class NemesisFarm implements AutoCloseable {
    /**
     * How long a member may be silent before the others drop it. At 10 s, two runs in about 45 split
     * the two healthy members too, under load: right after a frozen member was dropped, one of them
     * sent the master no heartbeat for 10.9 to 11 s (Hazelcast's own stall; its JVM answered HTTP
     * throughout), so each was left alone below the quorum.
     */
    static final int HEARTBEAT_TIMEOUT_SECONDS = 15;
    private static final Duration WHOLE_TIMEOUT = Duration.ofMinutes(3);

    private final DemoFarm farm;
    private final FarmProbe probe = new FarmProbe();

    private NemesisFarm(DemoFarm farm) {
        this.farm = farm;
    }

    /** Starts the farm with {@code write-mode} and split clusters looked for every {@code mergeDelay}; returns once it is whole. */
    static NemesisFarm start(String writeMode, Duration mergeDelay) throws IOException {
        String options = "-Dhazelcast.heartbeat.interval.seconds=1"
                + " -Dhazelcast.max.no.heartbeat.seconds=" + HEARTBEAT_TIMEOUT_SECONDS
                + " -Dhazelcast.merge.first.run.delay.seconds=" + mergeDelay.toSeconds()
                + " -Dhazelcast.merge.next.run.delay.seconds=" + mergeDelay.toSeconds()
                + " -Dhazelcast.graceful.shutdown.max.wait=5"
                + " -Dhazelcast.jmx=true"
                + " -Dhazelcast.slow.operation.detector.stacktrace.logging.enabled=true";
        NemesisFarm started = new NemesisFarm(new DemoFarm(Map.of("JAVA_TOOL_OPTIONS", options, "AFFINITY_WRITE_MODE", writeMode)));
        try {
            started.awaitWhole();
        } catch (RuntimeException | Error e) {
            started.close();
            throw e;
        }
        return started;
    }

    List<String> nodes() {
        return farm.nodes();
    }

    String url(String node) {
        return farm.url(node);
    }

    List<String> urls() {
        return farm.nodes().stream().map(farm::url).toList();
    }

    String balancer() {
        return farm.balancer();
    }

    FarmProbe probe() {
        return probe;
    }

    /** The nodes' warnings and errors so far, as {@link DemoFarm#warnings()} reads them. */
    List<String> warnings() throws IOException {
        return farm.warnings();
    }

    /** {@code kill -STOP}: the node stops at once; its sockets stay open, so peers see silence, not a close. */
    void pause(String node) throws IOException, InterruptedException {
        ChildJvm.signal(farm.pid(node), "STOP");
    }

    /** {@code kill -CONT}. */
    void resume(String node) throws IOException, InterruptedException {
        ChildJvm.signal(farm.pid(node), "CONT");
    }

    /** {@code kill -9} of the node process. */
    void kill(String node) {
        farm.kill(node);
    }

    /** Starts a killed node again and waits until it answers. */
    void restart(String node) throws IOException {
        farm.restart(node);
        await(node + " answers again").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> probe.healthy(farm.url(node)));
    }

    /** Stops only the node's Hazelcast member; the node goes on serving. */
    void stopMember(String node) throws Exception {
        MemberJmx.shutdownMember(farm.pid(node));
    }

    /**
     * Waits (bounded) until the farm is whole: every node answers, sees every node up, and its
     * Hazelcast member is one of three with every backup in place.
     */
    void awaitWhole() {
        try {
            await("the farm is whole").atMost(WHOLE_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(this::whole);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the farm is not whole after " + WHOLE_TIMEOUT.toSeconds() + " s: " + describe(), e);
        }
    }

    /**
     * Waits (bounded) until the farm is whole or some node's member is alone in a minority (split off,
     * as a busy machine can do to a member whose heartbeats come late); answers those nodes.
     */
    List<String> awaitWholeOrLoners() {
        try {
            await("the farm is whole or split").atMost(WHOLE_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> whole() || !loners().isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the farm is neither whole nor split after " + WHOLE_TIMEOUT.toSeconds() + " s: " + describe(), e);
        }
        return loners();
    }

    private List<String> loners() {
        return farm.nodes().stream().filter(node -> probe.sessionStatus(farm.url(node))
                .map(status -> status.path("reason").asText().startsWith("minority") && status.path("clusterSize").asInt() == 1)
                .orElse(false)).toList();
    }

    /** What each node says of itself and of the others. */
    private String describe() {
        StringBuilder state = new StringBuilder();
        for (String node : farm.nodes()) {
            String url = farm.url(node);
            state.append(node).append(": ").append(probe.healthy(url) ? "answers" : "does not answer")
                    .append(", session status ").append(probe.sessionStatus(url).map(Object::toString).orElse("none"))
                    .append(", sees");
            farm.nodes().forEach(other -> state.append(' ').append(other).append('=').append(probe.healthOf(url, other)));
            state.append("; ");
        }
        return state.toString();
    }

    private boolean whole() {
        for (String node : farm.nodes()) {
            String url = farm.url(node);
            if (!probe.healthy(url) || !probe.sessionStatus(url)
                    .map(status -> SessionStatus.safeWith(status, 3) && status.path("hazelcast").asText().equals("up")).orElse(false)) {
                return false;
            }
            for (String other : farm.nodes()) {
                if (!probe.healthOf(url, other).equals("up")) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        for (String node : farm.nodes()) {
            try {
                resume(node);
            } catch (IOException | InterruptedException | RuntimeException e) {
                // a killed node has no process to resume
            }
        }
        farm.close();
    }
}
