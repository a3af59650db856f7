package dev.affinity.session;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** A warning that can recur many times a second (under attack): logged at most once per interval, with the count since. */
final class RateLimitedWarning {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong count = new AtomicLong();

    RateLimitedWarning(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Counts one occurrence; logs {@code message} with the count when the interval has passed since the last line. */
    void warn(String message) {
        long occurrences = count.incrementAndGet();
        long now = System.nanoTime();
        long due = next.get();
        if ((due == Long.MIN_VALUE || now - due >= 0) && next.compareAndSet(due, now + intervalNanos)) {
            count.addAndGet(-occurrences);
            log.warn("{} ({} time{} since the last such line)", message, occurrences, occurrences == 1 ? "" : "s");
        }
    }
}
