package dev.affinity.client;

import dev.affinity.logging.Log;
import dev.affinity.routing.Member;
import dev.affinity.routing.Ring;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the client's ring: read from the first node that answers its ring endpoint (the seeds,
 * then the members of the last ring), again every period and soon after a sign that it changed
 * (at most once per {@link #SOON}). Members the client just failed to connect to are skipped for
 * {@link #UNREACHABLE_FOR}.
 */
final class RingFollower implements AutoCloseable {
    /** The least time between two reads of the ring asked for by {@link #refreshSoon()}. */
    static final Duration SOON = Duration.ofMillis(200);
    /** How long a member the client could not connect to is skipped. */
    static final Duration UNREACHABLE_FOR = Duration.ofSeconds(1);
    private static final Log LOG = Log.of(RingFollower.class);

    private final HttpClient http;
    private final List<URI> seeds;
    private final String ringPath;
    private final String keySpec;
    private final Duration timeout;
    private final Map<String, Long> unreachableUntil = new ConcurrentHashMap<>();
    private final AtomicBoolean soonPending = new AtomicBoolean();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "affinity-client-ring");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Placing current;
    private volatile long loadedAt;

    RingFollower(HttpClient http, List<URI> seeds, String ringPath, String keySpec, Duration timeout) {
        this.http = http;
        this.seeds = List.copyOf(seeds);
        this.ringPath = ringPath;
        this.keySpec = keySpec;
        this.timeout = timeout;
    }

    /** Reads the ring now (a failure is logged: the ring is read again when first needed) and every {@code period}. */
    void start(Duration period) {
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
        scheduler.shutdownNow();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (IOException | RuntimeException e) {
            LOG.debug("affinity: client: the ring was not read again: {}", e.toString());
        }
    }

    /** Reads the ring from the first source that answers one. */
    private synchronized Placing refresh() throws IOException {
        List<String> failures = new ArrayList<>();
        for (URI source : sources()) {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(source).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    failures.add(source + " answered " + answer.statusCode());
                    continue;
                }
                Placing placing = new Placing(Ring.parse(answer.body()), keySpec, this::reachable);
                Placing before = current;
                current = placing;
                loadedAt = System.nanoTime();
                if (before == null || !before.ring().viewId().equals(placing.ring().viewId())) {
                    LOG.debug("affinity: client: ring {} from {}", placing.ring().viewId(), source);
                }
                return placing;
            } catch (IOException | IllegalArgumentException e) {
                failures.add(source + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the ring", e);
            }
        }
        throw new IOException("affinity: no node answered its ring: " + failures);
    }

    private Set<URI> sources() {
        Set<URI> sources = new LinkedHashSet<>();
        seeds.forEach(seed -> sources.add(Ring.endpoint(seed, ringPath)));
        Placing known = current;
        if (known != null) {
            for (Member member : known.ring().memberList()) {
                sources.add(Ring.endpoint(URI.create(member.baseUrl() + known.ring().contextPath()), ringPath));
            }
        }
        return sources;
    }
}
