package dev.affinity.client;

import dev.affinity.logging.Log;
import dev.affinity.routing.Member;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the client's ring: read from its source, again every period, soon after a sign that it
 * changed (at most once per {@link #SOON}), and at once when the source says it changed. Members the
 * client just failed to connect to are skipped for {@link #UNREACHABLE_FOR}.
 */
final class RingFollower implements AutoCloseable {
    /** The least time between two reads of the ring asked for by {@link #refreshSoon()}. */
    static final Duration SOON = Duration.ofMillis(200);
    /** How long a member the client could not connect to is skipped. */
    static final Duration UNREACHABLE_FOR = Duration.ofSeconds(1);
    private static final Log LOG = Log.of(RingFollower.class);

    private final RingSource source;
    private final String keySpec;
    private final Map<String, Long> unreachableUntil = new ConcurrentHashMap<>();
    private final AtomicBoolean soonPending = new AtomicBoolean();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "affinity-client-ring");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Placing current;
    private volatile long loadedAt;

    /**
     * @param source where the ring is read
     * @param keySpec the key chain to use, or {@code null} for the ring's
     */
    RingFollower(RingSource source, String keySpec) {
        this.source = source;
        this.keySpec = keySpec;
    }

    /**
     * Reads the ring now (a failure is logged: the ring is read again when first needed), every
     * {@code period}, and whenever the source says it changed.
     */
    void start(Duration period) {
        source.onChange(this::refreshQuietly);
        try {
            refresh();
        } catch (IOException e) {
            LOG.warn("affinity: client: {}", e.getMessage());
        }
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The ring in use, read now if none was read yet. */
    Placing current() throws IOException {
        Placing placing = current;
        return placing != null ? placing : refresh();
    }

    /** Reads the ring again soon, once, whoever else asks meanwhile. */
    void refreshSoon() {
        if (soonPending.compareAndSet(false, true)) {
            long wait = Math.max(0, loadedAt + SOON.toNanos() - System.nanoTime());
            scheduler.schedule(() -> {
                soonPending.set(false);
                refreshQuietly();
            }, wait, TimeUnit.NANOSECONDS);
        }
    }

    /** The client could not connect to {@code member}: it is skipped for a while, and the ring read again. */
    void unreachable(Member member) {
        unreachableUntil.put(member.name(), System.nanoTime() + UNREACHABLE_FOR.toNanos());
        refreshSoon();
    }

    /** Whether the client may try {@code member} now. */
    boolean reachable(Member member) {
        Long until = unreachableUntil.get(member.name());
        return until == null || until - System.nanoTime() <= 0;
    }

    @Override
    public void close() {
        source.close();
        scheduler.shutdownNow();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (IOException | RuntimeException e) {
            LOG.debug("affinity: client: the ring was not read again: {}", e.toString());
        }
    }

    /** Reads the ring from the source. */
    private synchronized Placing refresh() throws IOException {
        Placing placing = new Placing(source.read(), keySpec, this::reachable);
        Placing before = current;
        current = placing;
        loadedAt = System.nanoTime();
        if (before == null || !before.ring().viewId().equals(placing.ring().viewId())) {
            LOG.debug("affinity: client: ring {} of {}", placing.ring().viewId(), placing.ring().memberList());
        }
        return placing;
    }
}
