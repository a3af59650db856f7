package dev.affinity.session;

import dev.affinity.logging.Log;
import dev.affinity.logging.LogLimiter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A warning that can recur many times a second (under attack): logged at most once per interval, with the count since. */
final class RateLimitedWarning {
    private final Log log;
    private final LogLimiter limiter;
    private final AtomicLong count = new AtomicLong();

    RateLimitedWarning(Log log, Duration interval) {
        this.log = log;
        this.limiter = new LogLimiter(interval.toMillis(), System::currentTimeMillis);
    }

    /** Counts one occurrence; logs {@code message} with the count when the interval has passed since the last line. */
    void warn(String message) {
        long occurrences = count.incrementAndGet();
        if (limiter.allow(message)) {
            count.addAndGet(-occurrences);
            log.warn("{} ({} time{} since the last such line)", message, occurrences, occurrences == 1 ? "" : "s");
        }
    }
}
