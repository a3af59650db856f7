package dev.affinity.session;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.PartitionService;
import dev.affinity.routing.PeerHttp;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether every partition has its backups, for a status page that must answer at once.
 * Hazelcast's {@link PartitionService#isClusterSafe()} asks every member and waits for them up to
 * {@code hazelcast.graceful.shutdown.max.wait} (600 s by default): while one member is frozen it
 * would hold the status request's thread that long. Here the checks run one at a time on a thread
 * of their own; a status request takes a check that starts after it arrived (shared with the other
 * requests that arrived meanwhile, so at most one waits in line), waits for it at most
 * {@value #WAIT_MILLIS} ms, and answers {@code false} when the members have not all answered by
 * then (as Hazelcast does for a member that does not answer within its deadline).
 */
final class ClusterSafety implements AutoCloseable {
    static final long WAIT_MILLIS = 1_000;

    private final HazelcastInstance hazelcast;
    private final ExecutorService checker = Executors.newSingleThreadExecutor(PeerHttp.daemonThreads("affinity-cluster-safety"));
    private CompletableFuture<Boolean> next;
    private boolean nextStarted;

    ClusterSafety(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    /** {@code true} when every partition has its backups; {@code null} where it cannot be known (a Hazelcast client). */
    Boolean current() {
        try {
            return checkStartingAfterNow().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException | RejectedExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The check that has not started yet, or a new one behind the check in progress. */
    private synchronized CompletableFuture<Boolean> checkStartingAfterNow() {
        if (next == null || nextStarted) {
            CompletableFuture<Boolean> check = new CompletableFuture<>();
            checker.execute(() -> run(check));
            next = check;
            nextStarted = false;
        }
        return next;
    }

    private void run(CompletableFuture<Boolean> check) {
        synchronized (this) {
            if (next == check) {
                nextStarted = true;
            }
        }
        try {
            check.complete(hazelcast.getPartitionService().isClusterSafe());
        } catch (RuntimeException e) {
            check.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
