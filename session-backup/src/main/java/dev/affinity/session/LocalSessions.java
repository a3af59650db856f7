package dev.affinity.session;

import dev.affinity.session.protection.BackupProtection;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's live sessions by the random part of their ids, also found by the keyed hash their
 * backups are written under ({@link BackupProtection#mapKey}), which is all a map event names.
 * A session's map key is indexed after the session is added, and unindexed once no session of
 * that key is left, so a session present is always found by its map key.
 */
final class LocalSessions {
    private final BackupProtection protection;
    private final Map<String, BackupSession> byKey = new ConcurrentHashMap<>();
    private final Map<String, String> keyByMapKey = new ConcurrentHashMap<>();

    LocalSessions(BackupProtection protection) {
        this.protection = protection;
    }

    BackupSession get(String key) {
        return byKey.get(key);
    }

    /** The session whose backup is written under {@code mapKey}, if this node holds it. */
    Optional<BackupSession> byMapKey(String mapKey) {
        String key = keyByMapKey.get(mapKey);
        return key == null ? Optional.empty() : Optional.ofNullable(byKey.get(key));
    }

    boolean containsKey(String key) {
        return byKey.containsKey(key);
    }

    /** Adds {@code session} under its key, replacing any other copy. */
    void put(BackupSession session) {
        byKey.put(session.key(), session);
        index(session.key());
    }

    /** Adds {@code session} unless a copy of it is here already; answers that copy, or {@code null}. */
    BackupSession putIfAbsent(BackupSession session) {
        BackupSession present = byKey.putIfAbsent(session.key(), session);
        if (present == null) {
            index(session.key());
        }
        return present;
    }

    /** Removes {@code session} if it is still the one under {@code key}. */
    boolean remove(String key, BackedUpSession session) {
        if (!byKey.remove(key, session)) {
            return false;
        }
        keyByMapKey.computeIfPresent(protection.mapKey(key), (mapKey, indexed) -> byKey.containsKey(indexed) ? indexed : null);
        return true;
    }

    int size() {
        return byKey.size();
    }

    Collection<BackupSession> values() {
        return byKey.values();
    }

    private void index(String key) {
        keyByMapKey.put(protection.mapKey(key), key);
    }
}
