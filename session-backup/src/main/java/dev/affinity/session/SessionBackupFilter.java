package dev.affinity.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import dev.affinity.drain.NodeDrain;
import dev.affinity.logging.Log;
import dev.affinity.metrics.ComponentMeters;
import dev.affinity.metrics.Micrometer;
import dev.affinity.servlet.AsyncCompletion;
import dev.affinity.session.serialization.AllowList;
import dev.affinity.session.serialization.AttributeCodec;
import dev.affinity.session.serialization.Codec;
import dev.affinity.session.serialization.JavaSerializationCodec;
import dev.affinity.session.serialization.JsonCodec;
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
import java.util.Optional;
import java.util.function.Supplier;

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
    private HazelcastInstance hazelcast;
    private boolean ownHazelcast;
    private SessionManager manager;
    private BackupWriter writer;
    private Runnable stopExpiryListener;
    private ClusterWatch cluster;
    private TakeOverWatch takeOvers;
    private final BackupStats stats = new BackupStats();
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
        ownHazelcast = supplied == null;
        settings = SessionSettings.from(Settings.forFilter(config, SessionSettings.NAMES), !ownHazelcast);
        ClassLoader loader = webappClassLoader(config);
        AllowList allowList = new AllowList(settings.allow(), settings.maxAttributeBytes());
        AttributeCodec codec = settings.codec() == Codec.JSON
                ? new JsonCodec(allowList, loader) : new JavaSerializationCodec(allowList, loader);
        SessionListeners listeners = new SessionListeners(settings.listeners(), loader);
        int maxInactive = settings.maxInactiveSeconds().orElseGet(() -> config.getServletContext().getSessionTimeout() * 60);
        NodeSelf self = settings.self();
        hazelcast = ownHazelcast ? SharedHazelcast.acquire(settings.hazelcast(), self.route().orElse(""), self.memberEntry(), loader)
                : applicationHazelcast(supplied);
        cluster = new ClusterWatch(hazelcast, settings.hazelcast().expectedMembers());
        String map = settings.hazelcast().map();
        BackupStore store = settings.apply() == ApplyMode.MAP_OPERATIONS
                ? new MapOperationsStore(hazelcast, map) : new EntryProcessorStore(hazelcast, map);
        Supplier<String> route = () -> self.route().orElseThrow(() -> new IllegalStateException("this node's route is not known yet"));
        SessionRestorer restorer = new SessionRestorer(store, settings.protection(), settings.maxAttributeBytes(), codec,
                settings.readTimeout(), stats);
        manager = new SessionManager(config.getServletContext(), new SessionIds(route), listeners, restorer, settings, stats, maxInactive);
        DeltaBuilder deltas = new DeltaBuilder(codec, settings.dirtyPolicy(), route, settings.protection());
        writer = new BackupWriter(store, deltas, stats, settings, manager::dropStale);
        manager.writeWith(writer, settings.writeMode());
        takeOvers = new TakeOverWatch(hazelcast, store, deltas.writer(), manager);
        handover = new SessionHandover(manager, writer, hazelcast, settings.writeTimeout());
        drain = NodeDrain.of(config.getServletContext());
        drain.add(handover);
        SessionManager sessions = manager;
        meters = Micrometer.bind(config.getServletContext(), settings.metrics(), () -> new SessionMeters(stats, sessions));
        self.route().ifPresent(meters::start);
        if (settings.hazelcast().mode() == HazelcastMode.EMBEDDED) {
            stopExpiryListener = store.onLocalExpiry(manager::expiredInBackup);
        }
    }

    private static HazelcastInstance applicationHazelcast(Object supplied) {
        if (!(supplied instanceof HazelcastInstance instance)) {
            throw new ConfigException("the servlet-context attribute '" + HAZELCAST_ATTRIBUTE + "' holds a "
                    + supplied.getClass().getName() + ": it accepts a com.hazelcast.core.HazelcastInstance");
        }
        LOG.info("session-backup: using the application's Hazelcast instance {}", instance.getName());
        return instance;
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
                Budget.of(sync ? settings.writeTimeout() : settings.readTimeout()));
        BackupBeforeCommitResponse guarded = sync
                ? new BackupBeforeCommitResponse(response, () -> backupNow(wrapped), stats.refusedChanges::incrementAndGet) : null;
        boolean async = false;
        try {
            chain.doFilter(wrapped, guarded != null ? guarded : response);
            if (wrapped.isAsyncStarted()) {
                async = true;
                wrapped.getAsyncContext().addListener(new AsyncCompletion(() -> finish(wrapped)));
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
        return session == null || writer.writeNow(session, request.budget());
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
        Optional<String> shortfall = cluster.shortfall();
        Optional<String> degraded = degradedReason();
        body.put("hazelcast", degraded.isPresent() || shortfall.isPresent() ? "degraded" : "up");
        degraded.ifPresent(reason -> body.put("reason", reason));
        shortfall.ifPresent(reason -> body.put("redundancy", reason));
        body.put("mode", settings.hazelcast().mode().name().toLowerCase());
        body.put("writeMode", settings.writeMode().name().toLowerCase());
        body.put("clusterSize", cluster.size());
        body.put("expectedMembers", cluster.expected());
        body.put("membersLostSinceStart", cluster.lostSinceStart());
        body.put("clusterSafe", clusterSafe());
        body.put("sessions", manager.size());
        body.put("pendingWrites", writer.pending());
        body.putAll(stats.asMap());
        response.setStatus(200);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(JSON.writeValueAsString(body));
    }

    /** Why the backup map cannot take changes now, if it cannot. */
    private Optional<String> degradedReason() {
        if (!hazelcast.getLifecycleService().isRunning()) {
            return Optional.of("hazelcast stopped");
        }
        Optional<String> minority = SplitBrainGuard.minority(hazelcast, settings.hazelcast());
        if (minority.isPresent() || !writer.degraded()) {
            return minority;
        }
        return Optional.of("writes failing: " + writer.lastFailure());
    }

    /**
     * Whether every partition has its backups (no migration running), so losing one member now
     * loses no session; {@code null} where it cannot be known (a Hazelcast client).
     */
    private Boolean clusterSafe() {
        try {
            return hazelcast.getPartitionService().isClusterSafe();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The drain state this filter takes part in (its webapp's). */
    NodeDrain drain() {
        return drain;
    }

    /** The counters of this filter's backup traffic. */
    public BackupStats stats() {
        return stats;
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
        if (writer != null) {
            writer.close();
        }
        if (takeOvers != null) {
            takeOvers.close();
        }
        if (stopExpiryListener != null && hazelcast.getLifecycleService().isRunning()) {
            stopExpiryListener.run();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (hazelcast != null && ownHazelcast) {
            SharedHazelcast.release(hazelcast);
        }
    }
}
