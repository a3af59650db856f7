package dev.affinity.session;

import dev.affinity.logging.Log;
import dev.affinity.session.protection.BackupProtection;
import dev.affinity.session.serialization.AttributeCodec;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Builds the delta of one session: the attributes set or removed since its last write, those
 * only read (under {@link DirtyPolicy#READ_CHANGED}) when their bytes changed, and the metadata
 * when it changed or when the backed-up last access has grown older than the touch interval.
 * Values and metadata are sealed for the session's map key ({@link BackupProtection}); the digests
 * that tell whether a value changed are of its serialized form. Called under the session's
 * {@link SessionDelta} monitor; the delta decides what changed, this class only encodes and seals it. Every delta names this filter instance as its writer, and the live
 * copy of the session that made it.
 */
final class DeltaBuilder {
    private static final Log LOG = Log.of(DeltaBuilder.class);

    private final AttributeCodec codec;
    private final DirtyPolicy policy;
    private final Supplier<String> route;
    private final BackupProtection protection;
    private final String writer = UUID.randomUUID().toString();

    DeltaBuilder(AttributeCodec codec, DirtyPolicy policy, Supplier<String> route, BackupProtection protection) {
        this.codec = codec;
        this.policy = policy;
        this.route = route;
        this.protection = protection;
    }

    /** This filter instance's name as a writer of the backup map. */
    String writer() {
        return writer;
    }

    /** The processor that deletes a session's entry if it is still at {@code baseVersion} (or later by {@code copy}). */
    ApplyDelta delete(long baseVersion, long copy) {
        return new ApplyDelta(baseVersion, writer, copy, true, null, 0, 0, 0, null, Map.of(), List.of());
    }

    /** A pending write: the processor to run, the changes it took, and the digests to keep on success. */
    record Delta(ApplyDelta processor, SessionDelta.Changes taken, Map<String, byte[]> digests) {
    }

    /** The delta of the session written under {@code mapKey}, or {@code null} when nothing changed. */
    Delta build(BackedUpSession session, String mapKey, long baseVersion, boolean fullWrite) {
        SessionDelta delta = session.delta();
        SessionDelta.Changes taken = delta.take(session.lastAccessedTime(), session.maxInactiveSeconds());
        Map<String, byte[]> set = new HashMap<>();
        Map<String, byte[]> digests = new HashMap<>();
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, Boolean> change : taken.names().entrySet()) {
            String name = change.getKey();
            boolean forced = change.getValue() || fullWrite;
            if (!forced && policy == DirtyPolicy.SET_ONLY) {
                continue;
            }
            Object value = session.rawAttribute(name);
            if (value == null) {
                removed.add(name);
                continue;
            }
            byte[] bytes = encode(session, name, value);
            if (bytes == null) {
                continue;
            }
            byte[] digest = digest(bytes);
            if (!forced && delta.unchanged(name, digest)) {
                continue;
            }
            set.put(name, protection.sealValue(mapKey, name, bytes));
            digests.put(name, digest);
        }
        if (set.isEmpty() && removed.isEmpty() && !taken.metadata() && !fullWrite) {
            return null;
        }
        long accessTime = session.lastAccessedTime();
        delta.accessWritten(accessTime);
        String node = route.get();
        SessionMetadata sealed = new SessionMetadata(session.key(), node, session.creationTime(), accessTime,
                session.maxInactiveSeconds());
        ApplyDelta processor = new ApplyDelta(baseVersion, writer, delta.copy(), false, node, sealed.creationTime(), accessTime,
                sealed.maxInactiveSeconds(), protection.sealMetadata(mapKey, sealed.encode()), set, removed);
        return new Delta(processor, taken, digests);
    }

    private byte[] encode(BackedUpSession session, String name, Object value) {
        try {
            return codec.encode(value);
        } catch (IOException | RuntimeException e) {
            LOG.warn("session attribute '{}' of {} ({}) cannot be serialized and is not backed up: {}",
                    name, session.getId(), value.getClass().getName(), e.toString());
            return null;
        }
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
