package dev.affinity.it.load;

import java.time.LocalTime;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** What the clients of a load run saw: counts of requests, retries, failovers and errors, and every broken promise. */
final class LoadReport {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong counterReads = new AtomicLong();
    final AtomicLong itemsAdded = new AtomicLong();
    final AtomicLong priceReads = new AtomicLong();
    final AtomicLong cartReads = new AtomicLong();
    /** Attempts that found no node listening (connection refused) and were sent again to the next entry point. */
    final AtomicLong retries = new AtomicLong();
    /** {@code 503} with {@code Retry-After} (a session's backup not readable yet), sent again to the next entry point. */
    final AtomicLong unavailable = new AtomicLong();
    /** {@code 429} with {@code Retry-After} (over the entry node's forwards per client address), sent again to the next entry point. */
    final AtomicLong throttled = new AtomicLong();
    /** Responses for a session from another node than its previous response (the session moved). */
    final AtomicLong failovers = new AtomicLong();
    /** Requests left without an answer for a minute, sent again with the same key. */
    final AtomicLong unanswered = new AtomicLong();
    /** Requests cut after they were sent (the entry node died), sent again with the same key. */
    final AtomicLong lostInFlight = new AtomicLong();
    final AtomicLong getServerErrors = new AtomicLong();
    /** 5xx answers to POSTs (the owner died with the body sent), sent again with the same key. */
    final AtomicLong postServerErrors = new AtomicLong();
    final List<String> violations = new CopyOnWriteArrayList<>();
    /** Each request's start and end ({@link System#nanoTime()}), retries included. */
    private final Queue<long[]> latencies = new ConcurrentLinkedQueue<>();

    /**
     * The first few answers counted against the run ({@code 503 Retry-After}, a POST's 5xx, no answer,
     * a connection cut): when (the wall clock, to find them in the nodes' logs), the answer, who got
     * it, where, and what it said.
     */
    final List<String> failureSamples = new CopyOnWriteArrayList<>();

    void failureSample(String answer, String what) {
        if (failureSamples.size() < 10) {
            failureSamples.add(LocalTime.now() + " " + answer + " " + what);
        }
    }

    void latency(long began, long ended) {
        latencies.add(new long[] {began, ended});
    }

    /** The 99th percentile latency in milliseconds of the requests that began between {@code from} and {@code to}, and their count. */
    String p99(long from, long to) {
        long[] millis = latencies.stream().filter(l -> l[0] >= from && l[0] < to).mapToLong(l -> (l[1] - l[0]) / 1_000_000).sorted()
                .toArray();
        if (millis.length == 0) {
            return "no requests";
        }
        return "p99 " + millis[(int) Math.min(millis.length - 1, Math.ceil(millis.length * 0.99) - 1)] + " ms over " + millis.length
                + " requests";
    }

    void violation(String what) {
        violations.add(what);
    }

    String summary() {
        return String.format("requests %d (counter %d, items added %d, prices %d, cart reads %d); sent again after: refused connections %d, "
                        + "503 Retry-After %d, 429 Retry-After %d, unanswered %d, cut in flight %d, POST 5xx %d; session failovers %d; 5xx on GET %d; violations %d",
                requests.get(), counterReads.get(), itemsAdded.get(), priceReads.get(), cartReads.get(), retries.get(), unavailable.get(),
                throttled.get(), unanswered.get(), lostInFlight.get(), postServerErrors.get(), failovers.get(), getServerErrors.get(), violations.size());
    }
}
