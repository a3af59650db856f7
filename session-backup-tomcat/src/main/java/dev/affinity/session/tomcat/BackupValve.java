package dev.affinity.session.tomcat;

import dev.affinity.session.BackupBeforeCommitResponse;
import dev.affinity.session.BackupCore;
import dev.affinity.session.BackupUnavailableException;
import dev.affinity.session.Budget;
import dev.affinity.session.ServiceUnavailable;
import dev.affinity.session.WriteMode;
import dev.affinity.servlet.AsyncCompletion;
import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.Session;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * The per-request hook of {@link AffinityManager} in its context's pipeline: before the request,
 * the session it asks for is made live here ({@link TakeOver}); after it (an async request: when
 * it completes), the session's changes are backed up. In {@code write-mode=sync} the application
 * writes to a {@link BackupBeforeCommitResponse}: no response leaves before its session's changes
 * are acknowledged, and one whose changes are not becomes a {@code 503} with {@code Retry-After}.
 * A session whose backup cannot be read when it must be is answered {@code 503} too, never replaced
 * by a new one.
 */
final class BackupValve extends ValveBase {
    private final AffinityManager manager;
    private final TakeOver takeOver;

    BackupValve(AffinityManager manager) {
        super(true);
        this.manager = manager;
        this.takeOver = new TakeOver(manager);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        BackupCore core = manager.core();
        if (core == null) {
            getNext().invoke(request, response);
            return;
        }
        Budget budget = core.requestBudget();
        try {
            takeOver.prepare(request, core, budget);
        } catch (BackupUnavailableException e) {
            ServiceUnavailable.answer(response, e.answer());
            return;
        }
        BackupBeforeCommitResponse guarded = null;
        if (core.writeMode() == WriteMode.SYNC) {
            guarded = new BackupBeforeCommitResponse(response.getResponse(), () -> backupNow(request, core, budget),
                    core.stats()::changeRefused);
            response.setResponse(guarded);
        }
        boolean async = false;
        try {
            getNext().invoke(request, response);
            if (request.isAsync()) {
                async = true;
                AsyncCompletion.whenEnded(request.getRequest(), () -> done(request, core, budget));
            } else if (guarded != null) {
                guarded.beforeCommit();
            }
        } finally {
            if (!async) {
                done(request, core, budget);
            }
        }
    }

    /** Backs the request's session up now; false when its changes are not acknowledged. */
    private static boolean backupNow(Request request, BackupCore core, Budget budget) {
        AffinitySession session = used(request);
        return session == null || core.writeNow(session, budget);
    }

    private static void done(Request request, BackupCore core, Budget budget) {
        AffinitySession session = used(request);
        if (session != null) {
            core.requestDone(session, budget);
        }
    }

    /** The live session of the request, if it has one. */
    private static AffinitySession used(Request request) {
        Session session = request.getSessionInternal(false);
        return session instanceof AffinitySession copy && copy.live() ? copy : null;
    }
}
