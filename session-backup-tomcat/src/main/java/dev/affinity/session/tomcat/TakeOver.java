package dev.affinity.session.tomcat;

import dev.affinity.session.BackupCore;
import dev.affinity.session.BackupUnavailableException;
import dev.affinity.session.Budget;
import org.apache.catalina.connector.Request;

/**
 * Before a request runs: makes the session it asks for live here, when its backup says so, under
 * this node's id for it, by the core's one rule ({@link BackupCore#check}): the local copy kept,
 * replaced by the backup, or forgotten (no backup: the session ended). An id
 * re-issued with this node's route reaches the client in a new cookie ({@link Request#changeSessionId(String)}).
 */
final class TakeOver {
    private final AffinityManager manager;

    TakeOver(AffinityManager manager) {
        this.manager = manager;
    }

    /**
     * Prepares the session {@code request} asks for, reading the backup within {@code budget} when it must.
     *
     * @throws BackupUnavailableException when the backup must be read and cannot be, and no copy here may stand in for it
     */
    void prepare(Request request, BackupCore core, Budget budget) {
        String requested = request.getRequestedSessionId();
        String key = requested == null ? null : BackupCore.keyOf(requested);
        if (key == null) {
            return;
        }
        String id = core.idFor(key);
        AffinitySession local = manager.local(id);
        if (local != null && !local.isValid()) {
            local = null;
        }
        BackupCore.Check check = core.check(local, key, core.ownRoute(requested), budget);
        if (check.verdict() == BackupCore.Verdict.NONE) {
            if (local != null) {
                manager.forget(local);
            }
            return;
        }
        if (check.verdict() == BackupCore.Verdict.USE_BACKUP) {
            manager.install(id, check.backup().orElseThrow(), local);
        }
        reissue(request, id);
    }

    private static void reissue(Request request, String id) {
        if (!id.equals(request.getRequestedSessionId())) {
            request.changeSessionId(id);
        }
    }
}
