package dev.affinity.session;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The session filter's meters, read from its {@link BackupStats} and its sessions (see
 * docs/operations.md): {@code affinity.sessions}, {@code affinity.sessions.refused},
 * {@code affinity.sessions.dropped}, {@code affinity.backup.writes{outcome}},
 * {@code affinity.backup.refused-changes}, {@code affinity.backup.bytes},
 * {@code affinity.backup.attributes}, {@code affinity.backup.duration},
 * {@code affinity.backup.restores{outcome}} and {@code affinity.backup.attributes.refused}.
 * Loaded only when Micrometer is on the class path.
 */
final class SessionMeters implements MeterBinder {
    private final BackupStats stats;
    private final SessionManager sessions;

    SessionMeters(BackupStats stats, SessionManager sessions) {
        this.stats = stats;
        this.sessions = sessions;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("affinity.sessions", sessions, SessionManager::size).description("sessions whose live copy this node holds")
                .register(registry);
        count(registry, "affinity.sessions.refused", stats.refusedSessions, "new sessions refused: this node held max-sessions");
        count(registry, "affinity.sessions.dropped", stats.droppedCopies,
                "copies of sessions dropped: written elsewhere since, or their changes not backed up");
        writes(registry, "acknowledged", stats.writes, "session changes written to the backup and acknowledged");
        writes(registry, "failed", stats.failedWrites, "backup writes that failed, retried with back-off");
        writes(registry, "stale", stats.staleWrites, "backup writes refused: another node wrote the session since");
        writes(registry, "awaiting-replica", stats.replicaWaits,
                "backup write attempts sent again later: their partition had no backup replica yet");
        writes(registry, "dropped", stats.droppedFromQueue, "backup writes dropped: the async write queue was full");
        count(registry, "affinity.backup.refused-changes", stats.refusedChanges,
                "responses turned into 503: their session changes could not be backed up (sync mode)");
        FunctionCounter.builder("affinity.backup.bytes", stats.attributeBytesWritten, AtomicLong::get).baseUnit(BaseUnits.BYTES)
                .description("attribute bytes carried by acknowledged backup writes").register(registry);
        count(registry, "affinity.backup.attributes", stats.attributesWritten, "attribute values carried by acknowledged backup writes");
        Timer writes = Timer.builder("affinity.backup.duration").description("time an acknowledged backup write took")
                .publishPercentileHistogram().register(registry);
        stats.timeWritesWith(nanos -> writes.record(nanos, TimeUnit.NANOSECONDS));
        restores(registry, "restored", stats.restored, "sessions restored from the backup (failover)");
        restores(registry, "unauthentic", stats.unauthenticRecords, "backup records refused unread: they failed authentication");
        restores(registry, "unreadable", stats.unreadableRecords, "backup records that could not be decoded");
        count(registry, "affinity.backup.attributes.refused", stats.refusedAttributes,
                "attributes dropped on restore: class refused or too large");
    }

    private static void writes(MeterRegistry registry, String outcome, AtomicLong count, String description) {
        FunctionCounter.builder("affinity.backup.writes", count, AtomicLong::get).tag("outcome", outcome).description(description)
                .register(registry);
    }

    private static void restores(MeterRegistry registry, String outcome, AtomicLong count, String description) {
        FunctionCounter.builder("affinity.backup.restores", count, AtomicLong::get).tag("outcome", outcome).description(description)
                .register(registry);
    }

    private static void count(MeterRegistry registry, String name, AtomicLong count, String description) {
        FunctionCounter.builder(name, count, AtomicLong::get).description(description).register(registry);
    }
}
