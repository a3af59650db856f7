package dev.affinity.it.nemesis;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Deals the faults, one at a time, each followed by a wait until the farm is whole again and the
 * clients have made progress on it: a long pause of a node ({@code SIGSTOP} beyond the heartbeat timeout, so the
 * cluster splits, then {@code SIGCONT} and the merge), {@code kill -9} of a node and its restart,
 * stopping only a node's Hazelcast member (then the node is killed and restarted to recover), and a
 * short pause (below the heartbeat timeout). The victims rotate over the nodes. Every fault is
 * written to the history.
 */
final class Nemesis {
    private static final Duration LONG_PAUSE = Duration.ofSeconds(NemesisFarm.HEARTBEAT_TIMEOUT_SECONDS + 4);
    private static final Duration SHORT_PAUSE = Duration.ofSeconds(2);
    private static final Duration MEMBER_DOWN = Duration.ofSeconds(6);
    /** How many operations the clients complete between two faults (a wait for them, not a time). */
    private static final int CALM_OPERATIONS = 200;
    private static final List<String> FAULTS = List.of("pause-long", "kill", "stop-member", "pause-short");

    private final NemesisFarm farm;
    private final History history;
    private final LongSupplier acknowledged;

    /** @param acknowledged how many operations have been answered so far (the calm waits for the clients to make progress) */
    Nemesis(NemesisFarm farm, History history, LongSupplier acknowledged) {
        this.farm = farm;
        this.history = history;
        this.acknowledged = acknowledged;
    }

    /** Deals fault after fault until {@code duration} has passed, at least one of each. */
    void run(Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        List<String> nodes = farm.nodes();
        for (int i = 0; i < FAULTS.size() || System.nanoTime() < end; i++) {
            String fault = FAULTS.get(i % FAULTS.size());
            String node = nodes.get((i + i / FAULTS.size()) % nodes.size());
            calm();
            history.add("nemesis", "start", fault, node, null, "");
            deal(fault, node);
            history.add("nemesis", "end", fault, node, null, "");
            farm.awaitWhole();
            history.add("nemesis", "whole", fault, node, null, "");
        }
        calm();
    }

    private void deal(String fault, String node) throws Exception {
        switch (fault) {
            case "pause-long" -> pause(node, LONG_PAUSE);
            case "pause-short" -> pause(node, SHORT_PAUSE);
            case "kill" -> {
                farm.kill(node);
                farm.restart(node);
            }
            case "stop-member" -> {
                farm.stopMember(node);
                hold(MEMBER_DOWN);
                farm.kill(node);
                farm.restart(node);
            }
            default -> throw new IllegalArgumentException(fault);
        }
    }

    private void pause(String node, Duration length) throws Exception {
        farm.pause(node);
        try {
            hold(length);
        } finally {
            farm.resume(node);
        }
    }

    /** Lets {@code length} pass while the clients go on: how long a fault lasts is a time by design, not a wait for anything. */
    private static void hold(Duration length) throws InterruptedException {
        Thread.sleep(length.toMillis());
    }

    /** Calm until the clients have made progress again: {@value #CALM_OPERATIONS} more operations answered. */
    private void calm() {
        long before = acknowledged.getAsLong();
        await("the clients make progress").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> acknowledged.getAsLong() > before + CALM_OPERATIONS);
    }
}
