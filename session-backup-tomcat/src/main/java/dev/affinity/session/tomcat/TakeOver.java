package dev.affinity.session.tomcat;

import dev.affinity.session.BackupCore;
import dev.affinity.session.BackupUnavailableException;
import dev.affinity.session.Budget;
import dev.affinity.session.WriteMode;
import java.util.Optional;
import org.apache.catalina.connector.Request;

/**
 * Before a request runs: makes the session it asks for live here, when its backup says so, under
 * this node's id for it. A local copy is trusted as it is only for an id with this node's route
 * and while it is not suspect; otherwise the backup is read and the copy kept (its version is the
 * backup's or newer), replaced by the backup, or forgotten (no backup: the session ended). An id
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
        boolean ownRoute = core.route().equals(BackupCore.routeOf(requested));
        boolean suspect = local != null && local.delta().suspect();
        if (local != null && ownRoute && !suspect) {
            return;
        }
        if (suspect) {
            local.delta().suspect(false);
        }
        Optional<BackupCore.Backup> backup;
        try {
            backup = core.read(key, budget);
        } catch (BackupUnavailableException e) {
            if (suspect) {
                local.delta().suspect(true);
            }
            if (local != null && (!suspect || core.writeMode() == WriteMode.ASYNC)) {
                reissue(request, id);
                return;
            }
            throw e;
        }
        if (backup.isEmpty()) {
            if (local != null && !(suspect && ownRoute)) {
                manager.forget(local);
            }
            return;
        }
        if (local == null || local.delta().version() < backup.get().version()) {
            manager.install(id, backup.get(), local);
        }
        reissue(request, id);
    }

    private static void reissue(Request request, String id) {
        if (!id.equals(request.getRequestedSessionId())) {
            request.changeSessionId(id);
        }
    }
}
