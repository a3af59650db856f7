package dev.affinity.testing;

import java.time.Instant;
import java.util.List;
import java.util.logging.LogRecord;

/** What a health monitor's log lines, captured by {@link LogRecords}, say happened and when. */
public final class HealthRecords {
    private HealthRecords() {
    }

    /** When a health monitor marked {@code member} draining (its line {@code affinity: <member>=<url> is now draining}). */
    public static List<Instant> markedDraining(LogRecords log, String member) {
        return log.records().stream()
                .filter(r -> r.getMessage().startsWith("affinity: " + member + "=") && r.getMessage().endsWith(" is now draining"))
                .map(LogRecord::getInstant)
                .toList();
    }
}
