package dev.affinity.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Lets a log line through at most once per period for each subject, so a repeated fault cannot flood the log. */
public final class LogLimiter {
    private final long periodMillis;
    private final LongSupplier millis;
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

    /** At most one line per subject every {@code periodMillis}, by the clock {@code millis}. */
    public LogLimiter(long periodMillis, LongSupplier millis) {
        this.periodMillis = periodMillis;
        this.millis = millis;
    }

    /** Whether a line about {@code subject} may be logged now. */
    public boolean allow(String subject) {
        long now = millis.getAsLong();
        boolean[] allowed = new boolean[1];
        lastLogged.compute(subject, (s, last) -> {
            allowed[0] = last == null || now - last >= periodMillis;
            return allowed[0] ? now : last;
        });
        return allowed[0];
    }
}
