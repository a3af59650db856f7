package dev.affinity.session;

import com.hazelcast.core.IndeterminateOperationStateException;
import dev.affinity.logging.Log;
import dev.affinity.routing.PeerHttp;
import dev.affinity.session.protection.BackupProtection;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes session deltas to the {@link BackupStore}. Async mode: a session is queued once however many
 * requests changed it (coalescing; the write takes its state at write time), a single thread
 * writes, a full queue drops the entry (its changes stay recorded and go with the next write),
 * and a failed write is retried with exponential back-off. Sync mode: the request's thread
 * writes and waits for the acknowledgement, within the request's {@link Budget}; a write that is
 * refused as stale or not acknowledged in time drops this copy of the session (the caller answers
 * {@code 503}, and the client's retry finds the backup). Writes of one session are ordered by its
 * {@link SessionDelta} monitor. A session is written under the keyed hash of its id
 * ({@link BackupProtection#mapKey}).
 */
final class BackupWriter implements AutoCloseable {
    private static final Log LOG = Log.of(BackupWriter.class);
    private static final long POLL_MILLIS = 200;
    /** How long after a failed write (not followed by a good one) the backup counts as degraded. */
    private static final long DEGRADED_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How many times one write is sent when the cluster applied it but did not confirm its backups. */
    private static final int MAX_ATTEMPTS = 3;
    /** How long a write waits before it is sent again while its partition waits for a backup replica. */
    private static final Duration REPLICA_POLL = Duration.ofMillis(50);

    /** What became of one write attempt. */
    enum Outcome {
        /** Acknowledged, or there was nothing to write. */
        ACKNOWLEDGED,
        /** Refused: another copy wrote the session since; this copy is dropped. */
        STALE,
        /** Not acknowledged (an error, or no answer in time). */
        FAILED,
        /** Not written: the partition has no backup replica yet (a member has just joined or left). */
        AWAITING_REPLICA
    }

    private final BackupStore store;
    private final DeltaBuilder deltas;
    private final BackupProtection protection;
    private final BackupStats stats;
    private final Duration timeout;
    private final Duration backoff;
    private final Duration backoffMax;
    private final int capacity;
    private final LiveCopies copies;
    private final Set<BackedUpSession> queued = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<BackedUpSession> queue = new LinkedBlockingQueue<>();
    /** Sessions to be queued again later: after a failed write, or while their partition waits for a backup replica. */
    private final Set<BackedUpSession> delayed = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService retries;
    private final Thread thread;
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private volatile long lastFailureAt;
    private volatile boolean running = true;

    /** @param copies told of each copy dropped because its changes cannot be backed up, and of each queued write acknowledged */
    BackupWriter(BackupStore store, DeltaBuilder deltas, BackupStats stats, SessionSettings settings, LiveCopies copies) {
        this.store = store;
        this.deltas = deltas;
        this.protection = settings.protection();
        this.stats = stats;
        this.timeout = settings.writeTimeout();
        this.backoff = settings.retryBackoff();
        this.backoffMax = settings.retryBackoffMax();
        this.capacity = settings.writeQueue();
        this.copies = copies;
        this.retries = Executors.newSingleThreadScheduledExecutor(PeerHttp.daemonThreads("affinity-session-retry"));
        this.thread = PeerHttp.daemonThreads("affinity-session-writer").newThread(this::run);
        thread.start();
    }

    /**
     * Queues a write of {@code session}; never blocks.
     *
     * @return whether a write is queued (false when {@code write-queue} is full: the changes stay
     * recorded and go with the session's next write)
     */
    boolean submit(BackedUpSession session) {
        if (queued.contains(session)) {
            return true;
        }
        if (queued.size() >= capacity) {
            stats.droppedFromQueue.incrementAndGet();
            return false;
        }
        if (queued.add(session)) {
            queue.add(session);
        }
        return true;
    }

    /**
     * Writes {@code session} now, within {@code budget}, and waits for the acknowledgement. When the
     * write is not acknowledged this copy is dropped and not retried: its change is answered
     * {@code 503} and the client's retry (with the same idempotency key, as the case may be) reads
     * the backup afresh.
     *
     * @return whether the session's changes are backed up
     */
    boolean writeNow(BackedUpSession session, Budget budget) {
        Outcome outcome = write(session, budget);
        if (outcome == Outcome.FAILED) {
            drop(session);
        }
        return outcome == Outcome.ACKNOWLEDGED;
    }

    /**
     * Writes {@code session} now, within {@code budget}, as {@link #writeNow} does, but keeps the copy
     * when the write is not acknowledged: it is queued, and this writer sends it again as it does an
     * {@code async} write (dropped only when {@code write-queue} is full).
     *
     * @return whether the session's changes are backed up now
     */
    boolean writeOrQueue(BackedUpSession session, Budget budget) {
        Outcome outcome = write(session, budget);
        if (outcome == Outcome.FAILED && !submit(session)) {
            drop(session);
        }
        return outcome == Outcome.ACKNOWLEDGED;
    }

    /**
     * Whether writes fail (Hazelcast unreachable or slow): the last write failed, and either changes
     * wait for a retry or it failed within the last 10 s.
     */
    boolean degraded() {
        return failuresInARow.get() > 0 && (pending() > 0 || System.nanoTime() - lastFailureAt < DEGRADED_NANOS);
    }

    /** Why the last write failed, while writes fail. */
    String lastFailure() {
        return degraded() ? lastFailure.get() : null;
    }

    /** Sessions whose queued changes are not yet acknowledged: waiting, being written or waiting for a retry. */
    int pending() {
        return queued.size() + unacknowledged.get();
    }

    private void run() {
        while (running) {
            BackedUpSession session;
            try {
                session = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (session == null) {
                continue;
            }
            unacknowledged.incrementAndGet();
            queued.remove(session);
            try {
                Outcome outcome = write(session, Budget.of(timeout), 1);
                if (outcome == Outcome.ACKNOWLEDGED) {
                    copies.backedUp(session);
                } else if (outcome == Outcome.AWAITING_REPLICA) {
                    submitAfter(session, REPLICA_POLL.toMillis());
                } else if (outcome == Outcome.FAILED) {
                    scheduleRetry(session);
                }
            } finally {
                unacknowledged.decrementAndGet();
            }
        }
    }

    private void scheduleRetry(BackedUpSession session) {
        int failures = Math.max(1, failuresInARow.get());
        submitAfter(session, Math.min(backoffMax.toMillis(), backoff.toMillis() << Math.min(failures - 1, 20)));
    }

    /**
     * Queues {@code session} again in {@code delayMillis}, counted as unacknowledged meanwhile. The
     * writer goes on with the other sessions: one whose partition waits for a backup replica does
     * not hold back the writes of those whose partitions have theirs.
     */
    private void submitAfter(BackedUpSession session, long delayMillis) {
        delayed.add(session);
        if (!running) {
            return;
        }
        unacknowledged.incrementAndGet();
        try {
            retries.schedule(() -> {
                if (delayed.remove(session)) {
                    submit(session);
                }
                unacknowledged.decrementAndGet();
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            unacknowledged.decrementAndGet();
        }
    }

    /**
     * One write within {@code budget}, sent again every 50 ms while its partition has no backup replica
     * yet: a write acknowledged there would live on one member only.
     */
    private Outcome write(BackedUpSession session, Budget budget) {
        Outcome outcome = write(session, budget, 1);
        while (outcome == Outcome.AWAITING_REPLICA) {
            if (budget.left(REPLICA_POLL).compareTo(REPLICA_POLL) < 0 || Thread.currentThread().isInterrupted()) {
                failed(session, new TimeoutException("the session's partition had no backup replica within write-timeout " + timeout
                        + " (a member has just joined or left, and partitions are still being copied)"));
                return Outcome.FAILED;
            }
            LockSupport.parkNanos(REPLICA_POLL.toNanos());
            outcome = write(session, budget, 1);
        }
        return outcome;
    }

    /** Attempt number {@code attempt} of a write within {@code budget}. */
    private Outcome write(BackedUpSession session, Budget budget, int attempt) {
        SessionDelta state = session.delta();
        synchronized (state) {
            String mapKey = protection.mapKey(session.key());
            if (state.dropped()) {
                // another request's write found this copy stale, or another node took the session over:
                // whatever this request changed or read in it was not (and will not be) backed up
                return Outcome.STALE;
            }
            if (state.movedFrom() != null) {
                Outcome moved = delete(state.movedFrom(), state, state.movedFromVersion(), budget);
                if (moved != Outcome.ACKNOWLEDGED) {
                    return moved;
                }
            }
            if (!session.live()) {
                return delete(mapKey, state, state.version(), budget);
            }
            DeltaBuilder.Delta delta = deltas.build(session, mapKey, state.version(), state.version() == 0);
            if (delta == null) {
                return Outcome.ACKNOWLEDGED;
            }
            try {
                long started = System.nanoTime();
                long version = store.apply(mapKey, delta.processor(), left(budget));
                if (version == ApplyDelta.STALE) {
                    stats.staleWrites.incrementAndGet();
                    LOG.warn("session {} was written by another copy since this node's copy; this copy is dropped", session.getId());
                    drop(session);
                    return Outcome.STALE;
                }
                if (version == ApplyDelta.AWAITING_REPLICA) {
                    stats.replicaWaits.incrementAndGet();
                    state.requeue(delta.taken());
                    return Outcome.AWAITING_REPLICA;
                }
                if (version == ApplyDelta.MISSING) {
                    LOG.warn("the backup of session {} was lost; writing it whole again", session.getId());
                    state.lost(session.attributeNames());
                    return write(session, budget, attempt);
                }
                state.committed(version, delta.taken(), delta.digests(), name -> session.rawAttribute(name) != null);
                stats.writeTook(System.nanoTime() - started);
                stats.writes.incrementAndGet();
                stats.attributesWritten.addAndGet(delta.processor().attributeCount());
                stats.attributeBytesWritten.addAndGet(delta.processor().attributeBytes());
                failuresInARow.set(0);
                return Outcome.ACKNOWLEDGED;
            } catch (Exception e) {
                state.requeue(delta.taken());
                failed(session, e);
                if (unconfirmed(e) && attempt < MAX_ATTEMPTS && !budget.spent()) {
                    return write(session, budget, attempt + 1);
                }
                return Outcome.FAILED;
            }
        }
    }

    /**
     * Whether {@code e} says the write was applied but its backups were not acknowledged (Hazelcast's
     * indeterminate state: a backup lost while its replica moved, or a member that was slow to
     * answer). The write is then sent again: {@link ApplyDelta} applies a later write of the same copy
     * again, one version higher, and this time the backups go to the replicas the partition has now.
     */
    private static boolean unconfirmed(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IndeterminateOperationStateException) {
                return true;
            }
        }
        return false;
    }

    private Outcome delete(String key, SessionDelta state, long version, Budget budget) {
        try {
            if (store.apply(key, deltas.delete(version, state.copy()), left(budget)) == ApplyDelta.AWAITING_REPLICA) {
                return Outcome.AWAITING_REPLICA;
            }
            if (key.equals(state.movedFrom())) {
                state.movedEntryDeleted();
            }
            failuresInARow.set(0);
            return Outcome.ACKNOWLEDGED;
        } catch (Exception e) {
            failed(null, e);
            return Outcome.FAILED;
        }
    }

    /** What is left of {@code budget} for one write; throws when nothing is. */
    private Duration left(Budget budget) throws TimeoutException {
        if (budget.spent()) {
            throw new TimeoutException("the request's time for its backups (write-timeout " + timeout + ") is spent");
        }
        return budget.left(timeout);
    }

    private void drop(BackedUpSession session) {
        session.delta().drop();
        copies.dropped(session);
    }

    private void failed(BackedUpSession session, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        stats.failedWrites.incrementAndGet();
        String failure = e.toString();
        lastFailure.set(failure.length() > 160 ? failure.substring(0, 160) + "..." : failure);
        lastFailureAt = System.nanoTime();
        if (failuresInARow.getAndIncrement() == 0) {
            LOG.warn("session backup write failed{}: {}", session == null ? "" : " for " + session.getId(), e.toString());
        }
    }

    /**
     * Lets the write in progress finish, writes what is queued or waits to be sent again (after a
     * failure, or for a backup replica), for at most about two write timeouts, then stops.
     */
    @Override
    public void close() {
        running = false;
        retries.shutdownNow();
        try {
            thread.join(timeout.toMillis() + POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delayed.forEach(this::submit);
        delayed.clear();
        Budget budget = Budget.of(timeout);
        BackedUpSession session;
        while (!budget.spent() && (session = queue.poll()) != null) {
            queued.remove(session);
            write(session, budget);
        }
    }
}
