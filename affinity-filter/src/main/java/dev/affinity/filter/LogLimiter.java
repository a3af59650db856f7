package dev.affinity.filter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Lets a log line through at most once per period for each subject, so a repeated fault cannot flood the log. */
final class LogLimiter {
    private final long periodMillis;
    private final LongSupplier millis;
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

    LogLimiter(long periodMillis, LongSupplier millis) {
        this.periodMillis = periodMillis;
        this.millis = millis;
    }

    /** Whether a line about {@code subject} may be logged now. */
    boolean allow(String subject) {
        long now = millis.getAsLong();
        boolean[] allowed = new boolean[1];
        lastLogged.compute(subject, (s, last) -> {
            allowed[0] = last == null || now - last >= periodMillis;
            return allowed[0] ? now : last;
        });
        return allowed[0];
    }
}
