package dev.affinity.filter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Latches the test app and the tests share to prove streaming and to hold a request open. */
final class Gates {
    /** Counted down by the app once it has received the first MiB of an upload. */
    static volatile CountDownLatch uploadStarted = new CountDownLatch(1);
    /** Counted down by the test once the client has received the first bytes of a download. */
    static volatile CountDownLatch downloadStarted = new CountDownLatch(1);
    /** Counted down by the test to let {@code /app/slow} answer. */
    static volatile CountDownLatch slowReleased = new CountDownLatch(1);
    /** Counted down by the test to let {@code /app/warm} answer. */
    static volatile CountDownLatch warmReleased = new CountDownLatch(1);
    /** Requests {@code /app/warm} answered, by node, and of those the ones that came with a forwarding mark. */
    static final Map<String, AtomicInteger> warmRequests = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> warmRequestsMarked = new ConcurrentHashMap<>();
    /** Set when the app gave up waiting for {@link #downloadStarted}. */
    static final AtomicBoolean downloadGateTimedOut = new AtomicBoolean();
    /** Downloads the app has finished, completely or not. */
    static final AtomicInteger downloadsEnded = new AtomicInteger();

    private Gates() {
    }

    static void reset() {
        uploadStarted = new CountDownLatch(1);
        downloadStarted = new CountDownLatch(1);
        slowReleased = new CountDownLatch(1);
        warmReleased = new CountDownLatch(1);
        warmRequests.clear();
        warmRequestsMarked.clear();
        downloadGateTimedOut.set(false);
        downloadsEnded.set(0);
    }

    /** Waits for {@code latch} at most 30 seconds; {@code false} when it timed out. */
    static boolean await(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
