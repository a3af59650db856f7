package dev.affinity.session;

import dev.affinity.logging.Log;
import dev.affinity.session.protection.BackupProtection;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Writes session deltas to the {@link BackupStore}. Async mode: a session is queued once however many
 * requests changed it (coalescing; the write takes its state at write time), a single thread
 * writes, a full queue drops the entry (its changes stay recorded and go with the next write),
 * and a failed write is retried with exponential back-off. Sync mode: the request's thread
 * writes and waits for the acknowledgement, bounded by {@code write-timeout}. Writes of one
 * session are ordered by its {@link BackupState} monitor. A session is written under the keyed
 * hash of its id ({@link BackupProtection#mapKey}).
 */
final class BackupWriter implements AutoCloseable {
    private static final Log LOG = Log.of(BackupWriter.class);
    private static final long POLL_MILLIS = 200;

    private final BackupStore store;
    private final DeltaBuilder deltas;
    private final BackupProtection protection;
    private final BackupStats stats;
    private final Duration timeout;
    private final Duration backoff;
    private final Duration backoffMax;
    private final int capacity;
    private final Consumer<BackupSession> onStale;
    private final Set<BackupSession> queued = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<BackupSession> queue = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService retries;
    private final Thread thread;
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private volatile boolean running = true;

    BackupWriter(BackupStore store, DeltaBuilder deltas, BackupStats stats, SessionSettings settings,
                 Consumer<BackupSession> onStale) {
        this.store = store;
        this.deltas = deltas;
        this.protection = settings.protection();
        this.stats = stats;
        this.timeout = settings.writeTimeout();
        this.backoff = settings.retryBackoff();
        this.backoffMax = settings.retryBackoffMax();
        this.capacity = settings.writeQueue();
        this.onStale = onStale;
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "affinity-session-retry"));
        this.thread = daemon(this::run, "affinity-session-writer");
        thread.start();
    }

    /** Queues a write of {@code session}; never blocks. */
    void submit(BackupSession session) {
        if (queued.contains(session)) {
            return;
        }
        if (queued.size() >= capacity) {
            stats.droppedFromQueue.incrementAndGet();
            return;
        }
        if (queued.add(session)) {
            queue.add(session);
        }
    }

    /** Writes {@code session} now and waits for the acknowledgement; on failure queues a retry. */
    boolean writeNow(BackupSession session) {
        boolean written = write(session);
        if (!written) {
            scheduleRetry(session);
        }
        return written;
    }

    /** Whether the last write failed (Hazelcast unreachable or slow) or writes wait for a retry. */
    boolean degraded() {
        return failuresInARow.get() > 0;
    }

    /** Sessions whose queued changes are not yet acknowledged: waiting, being written or waiting for a retry. */
    int pending() {
        return queued.size() + unacknowledged.get();
    }

    private void run() {
        while (running) {
            BackupSession session;
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
                if (!write(session)) {
                    scheduleRetry(session);
                }
            } finally {
                unacknowledged.decrementAndGet();
            }
        }
    }

    private void scheduleRetry(BackupSession session) {
        if (!running) {
            return;
        }
        int failures = Math.max(1, failuresInARow.get());
        long delay = Math.min(backoffMax.toMillis(), backoff.toMillis() << Math.min(failures - 1, 20));
        unacknowledged.incrementAndGet();
        retries.schedule(() -> {
            submit(session);
            unacknowledged.decrementAndGet();
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** One write attempt; true when acknowledged or when there was nothing to write. */
    private boolean write(BackupSession session) {
        BackupState state = session.backup();
        synchronized (state) {
            if (state.movedFrom != null && !delete(state.movedFrom, state, state.movedFromVersion)) {
                return false;
            }
            String mapKey = protection.mapKey(session.key());
            if (!session.isValid()) {
                return delete(mapKey, state, state.version);
            }
            DeltaBuilder.Delta delta = deltas.build(session, mapKey, state.version, state.version == 0);
            if (delta == null) {
                return true;
            }
            try {
                long started = System.nanoTime();
                long version = store.apply(mapKey, delta.processor(), timeout);
                if (version == ApplyDelta.STALE) {
                    stats.staleWrites.incrementAndGet();
                    LOG.warn("session {} was taken over by another node since this node's copy; its local copy is dropped",
                            session.getId());
                    onStale.accept(session);
                    return true;
                }
                if (version == ApplyDelta.MISSING) {
                    LOG.warn("the backup of session {} was lost; writing it whole again", session.getId());
                    state.version = 0;
                    state.digests.clear();
                    session.requeueAll();
                    return write(session);
                }
                state.version = version;
                state.digests.putAll(delta.digests());
                delta.drained().forEach((name, forced) -> {
                    if (session.rawAttribute(name) == null) {
                        state.digests.remove(name);
                    }
                });
                stats.writeTook(System.nanoTime() - started);
                stats.writes.incrementAndGet();
                stats.attributesWritten.addAndGet(delta.processor().attributeCount());
                stats.attributeBytesWritten.addAndGet(delta.processor().attributeBytes());
                failuresInARow.set(0);
                return true;
            } catch (Exception e) {
                session.requeueDirty(delta.drained());
                failed(session, e);
                return false;
            }
        }
    }

    private boolean delete(String key, BackupState state, long version) {
        try {
            store.apply(key, deltas.delete(version), timeout);
            if (key.equals(state.movedFrom)) {
                state.movedFrom = null;
                state.version = 0;
                state.digests.clear();
            }
            failuresInARow.set(0);
            return true;
        } catch (Exception e) {
            failed(null, e);
            return false;
        }
    }

    private void failed(BackupSession session, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        stats.failedWrites.incrementAndGet();
        if (failuresInARow.getAndIncrement() == 0) {
            LOG.warn("session backup write failed{}; retrying with back-off: {}",
                    session == null ? "" : " for " + session.getId(), e.toString());
        }
    }

    /** Lets the write in progress finish, writes what is queued, for at most about two write timeouts, then stops. */
    @Override
    public void close() {
        running = false;
        retries.shutdownNow();
        try {
            thread.join(timeout.toMillis() + POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        BackupSession session;
        while (System.nanoTime() < deadline && (session = queue.poll()) != null) {
            queued.remove(session);
            write(session);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
