package dev.affinity.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import dev.affinity.drain.NodeDrain;
import dev.affinity.logging.Log;
import dev.affinity.metrics.ComponentMeters;
import dev.affinity.metrics.Micrometer;
import dev.affinity.servlet.AsyncCompletion;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Local-primary HTTP sessions backed up to Hazelcast. Wraps each request so that
 * {@code getSession()} returns the toolkit's session; the live copy stays in this node's memory
 * and each request's changes (a delta) are written to the backup map after the request (or its
 * async processing) completes. Another node reads the backup only when a session is not in its
 * memory (failover) and from then on holds the live copy; the node that held it hears of it (a map
 * event) and no longer trusts its own copy. What the map holds is sealed with keys derived from
 * the farm secret. In {@code write-mode=sync} no response is committed before its session's
 * changes are acknowledged: a change that is not (refused as stale, no answer within
 * {@code write-timeout}, this member in a minority) is answered {@code 503}. Optionally serves a
 * status JSON. While the node drains ({@link NodeDrain}), its sessions are handed over
 * ({@link SessionHandover}).
 */
public final class SessionBackupFilter implements Filter {
    /**
     * The servlet-context attribute where an application puts its own {@code HazelcastInstance}
     * (before the filter starts, e.g. in a {@code ServletContextListener}): the filter then uses it
     * as it is, for its session map, and neither starts, configures nor shuts down a Hazelcast of
     * its own; the {@code hazelcast.*} settings other than {@code hazelcast.mode} (a client has no
     * local expiry events) and {@code hazelcast.quorum} are not read.
     */
    public static final String HAZELCAST_ATTRIBUTE = "dev.affinity.session.hazelcast";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Log LOG = Log.of(SessionBackupFilter.class);

    private SessionSettings settings;
    private BackupCore core;
    private SessionManager manager;
    private ComponentMeters meters = ComponentMeters.NONE;
    private NodeDrain drain;
    private SessionHandover handover;

    /**
     * Starts the filter; a bad setting is logged (so it reaches the container's log, whatever the
     * container reports) and stops the webapp.
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        try {
            start(config);
        } catch (ConfigException e) {
            LOG.error("affinity: the session backup filter cannot start: {}", e.getMessage());
            throw e;
        }
    }

    private void start(FilterConfig config) throws ServletException {
        Object supplied = config.getServletContext().getAttribute(HAZELCAST_ATTRIBUTE);
        settings = SessionSettings.from(Settings.forFilter(config, SessionSettings.NAMES), supplied != null);
        ClassLoader loader = webappClassLoader(config);
        SessionListeners listeners = new SessionListeners(settings.listeners(), loader);
        int maxInactive = settings.maxInactiveSeconds().orElseGet(() -> config.getServletContext().getSessionTimeout() * 60);
        core = new BackupCore(settings, loader, supplied);
        manager = new SessionManager(config.getServletContext(), new SessionIds(core::route), listeners, core, settings, maxInactive);
        core.serve(manager);
        manager.writeWith(core.writer(), settings.writeMode());
        handover = new SessionHandover(manager, core.writer(), core.hazelcast(), settings.writeTimeout());
        drain = NodeDrain.of(config.getServletContext());
        drain.add(handover);
        SessionManager sessions = manager;
        BackupStats stats = core.stats();
        meters = Micrometer.bind(config.getServletContext(), settings.metrics(), () -> new SessionMeters(stats, sessions));
        settings.self().route().ifPresent(meters::start);
        core.onLocalExpiry(manager::expiredInBackup);
    }

    private static ClassLoader webappClassLoader(FilterConfig config) {
        ClassLoader loader = config.getServletContext().getClassLoader();
        if (loader == null) {
            loader = Thread.currentThread().getContextClassLoader();
        }
        return loader != null ? loader : SessionBackupFilter.class.getClassLoader();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        if (settings.status().matches(request)) {
            if (settings.status().access().admit(request, response)) {
                status(response);
            }
            return;
        }
        if (settings.self().route().isEmpty() && !resolveSelf(request, response)) {
            return;
        }
        if (meters.serve(request, response)) {
            return;
        }
        boolean sync = settings.writeMode() == WriteMode.SYNC;
        SessionRequest wrapped = new SessionRequest(request, response, manager, settings.cookie(), settings.urlSessionIds(),
                core.requestBudget());
        BackupBeforeCommitResponse guarded = sync
                ? new BackupBeforeCommitResponse(response, () -> backupNow(wrapped), core.stats().refusedChanges::incrementAndGet) : null;
        boolean async = false;
        try {
            chain.doFilter(wrapped, guarded != null ? guarded : response);
            if (wrapped.isAsyncStarted()) {
                async = true;
                AsyncCompletion.whenEnded(wrapped, () -> finish(wrapped));
            } else if (guarded != null) {
                guarded.beforeCommit();
            }
        } catch (SessionUnavailableException e) {
            unavailable(response, e);
        } catch (ServletException e) {
            if (!(e.getRootCause() instanceof SessionUnavailableException unavailable)) {
                throw e;
            }
            unavailable(response, unavailable);
        } finally {
            if (!async) {
                finish(wrapped);
            }
        }
    }

    /**
     * This node's route from the port the first request arrived on (several members of the list on
     * this machine and no {@code self}), as the affinity filter resolves it; {@code false} after
     * answering {@code 500} when the port matches no member.
     */
    private boolean resolveSelf(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            LOG.info("session-backup: this node is {} (the member listening on port {})",
                    settings.self().resolve(request.getLocalPort()), request.getLocalPort());
            settings.self().route().ifPresent(meters::start);
            return true;
        } catch (ConfigException e) {
            LOG.error("session-backup: {}", e.getMessage());
            response.reset();
            plain(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "session-backup: this node is not one of the configured members");
            return false;
        }
    }

    /** {@code 503} with {@code Retry-After}: the session cannot be given now, so no other session is made up. */
    private static void unavailable(HttpServletResponse response, SessionUnavailableException e) throws IOException {
        if (response.isCommitted()) {
            throw e;
        }
        ServiceUnavailable.answer(response, e.answer());
    }

    /** A one-line plain-text answer (never an exception's class or message). */
    private static void plain(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(message + "\n");
    }

    /** Backs the request's session up now; false when its changes are not acknowledged. */
    private boolean backupNow(SessionRequest request) {
        BackupSession session = request.usedSession();
        return session == null || core.writeNow(session, request.budget());
    }

    private void finish(SessionRequest request) {
        BackupSession session = request.usedSession();
        if (session != null) {
            manager.requestDone(session, request.budget());
        }
    }

    private void status(HttpServletResponse response) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("self", settings.self().route().orElse(null));
        body.put("sessions", manager.size());
        body.putAll(core.status());
        response.setStatus(200);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(JSON.writeValueAsString(body));
    }

    /** The drain state this filter takes part in (its webapp's). */
    NodeDrain drain() {
        return drain;
    }

    /** The counters of this filter's backup traffic. */
    public BackupStats stats() {
        return core.stats();
    }

    /**
     * A graceful stop: the node drains (its sessions handed over) and waits, at most
     * {@code drain.timeout} as the affinity filter sets it, unless that filter did already; then stops.
     */
    @Override
    public void destroy() {
        if (drain != null) {
            if (!drain.timeout().isZero()) {
                drain.drainAndAwait();
            }
            drain.remove(handover);
        }
        meters.close();
        if (manager != null) {
            manager.close();
        }
        if (core != null) {
            core.close();
        }
    }
}
