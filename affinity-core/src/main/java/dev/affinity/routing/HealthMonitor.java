package dev.affinity.routing;

import dev.affinity.logging.Log;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Active and passive health of the members. Active: {@code GET health.path} on every member but
 * this node each {@code health.interval}; {@code rise} successes in a row bring a member up,
 * {@code fall} failures take it down. Passive: {@code health.passive.failures} forwarding failures
 * in a row eject a member for a back-off that doubles on each ejection in a row, up to a maximum,
 * and resets on success; only the member's own failures count (no connection, a reset, a timeout,
 * or an answer whose status is in {@code health.passive.statuses}). A member is healthy when it is
 * up and not ejected. Members start up, and a member that says it (re)started and answers is up at
 * once, whatever its probes said while it was starting (see {@link #announced(Member)}). Probes use
 * {@link PeerHttp}'s client, each bounded by {@code health.timeout} from connect to the end of the answer.
 *
 * <p>A member drains when a probe answers {@code 503} with {@code Affinity-State: draining}, or it
 * said so itself ({@link #draining(Member, boolean)}): at once, with no {@code fall} count. A
 * draining member stays up (requests already sent there finish) but is ranked after every member
 * that serves; a probe answered {@code 2xx}, or the member's hello after a restart, ends it.
 *
 * <p>A member that comes back up (its probes rise again, or it says it restarted) takes a share of
 * its new keys that grows linearly from 0 to 1 over {@code slow-start} ({@link #share}); members
 * up since this node started take their whole share at once.
 */
public final class HealthMonitor implements HealthView, AutoCloseable {
    private static final Log LOG = Log.of(HealthMonitor.class);
    /** The header of a health answer that says how the member serves ({@value #DRAINING} while it drains). */
    public static final String STATE_HEADER = "Affinity-State";
    /** The {@link #STATE_HEADER} value of a draining member. */
    public static final String DRAINING = "draining";

    private final HealthSettings settings;
    private final Map<String, MemberHealth> states = new ConcurrentHashMap<>();
    private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService clientExecutor;
    /** Built when active probing starts; read only by the scheduler's thread. */
    private HttpClient client;
    private volatile Member self;
    private volatile boolean selfDraining;

    public HealthMonitor(HealthSettings settings) {
        this.settings = settings;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(PeerHttp.daemonThreads("affinity-health"));
        this.clientExecutor = Executors.newCachedThreadPool(PeerHttp.daemonThreads("affinity-health-client"));
    }

    /** Starts probing {@code members}, never {@code self} (which may be {@code null} while unknown). */
    public void start(List<Member> members, Member self) {
        this.self = self;
        track(members);
        if (!settings.interval().isZero()) {
            client = PeerHttp.newClient(settings.timeout(), clientExecutor);
            long every = settings.interval().toMillis();
            scheduler.scheduleWithFixedDelay(this::probeAll, 0, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Follows a new member list: new members start up, departed ones are forgotten. */
    public void track(List<Member> members) {
        Map<String, MemberHealth> next = new LinkedHashMap<>();
        for (Member m : members) {
            MemberHealth existing = states.get(m.name());
            next.put(m.name(), existing != null && existing.member.equals(m) ? existing : new MemberHealth(m));
        }
        states.keySet().retainAll(next.keySet());
        states.putAll(next);
    }

    /** Sets this node once it is known; it is always healthy and never probed. */
    public void self(Member member) {
        this.self = member;
    }

    /** Adds a listener for changes of health. */
    public void addListener(HealthListener listener) {
        listeners.add(listener);
    }

    @Override
    public boolean isHealthy(Member member) {
        if (isSelf(member)) {
            return true;
        }
        MemberHealth state = states.get(member.name());
        return state == null || state.healthy();
    }

    @Override
    public boolean isDraining(Member member) {
        if (isSelf(member)) {
            return selfDraining;
        }
        MemberHealth state = states.get(member.name());
        return state != null && state.draining;
    }

    /** This node drains ({@code true}) or serves again. */
    public void selfDraining(boolean draining) {
        selfDraining = draining;
        Member current = self;
        if (current != null) {
            changed(current, true);
        }
    }

    @Override
    public double share(Member member) {
        long window = settings.slowStart().toNanos();
        if (window == 0 || isSelf(member)) {
            return 1;
        }
        MemberHealth state = states.get(member.name());
        if (state == null || state.upSince == 0) {
            return 1;
        }
        long elapsed = System.nanoTime() - state.upSince;
        return elapsed >= window ? 1 : Math.max(0, (double) elapsed / window);
    }

    /**
     * {@code member} says it drains ({@code true}) or serves again: believed at once, and over the
     * answer of any probe sent to it before.
     */
    public void draining(Member member, boolean draining) {
        MemberHealth state = states.get(member.name());
        if (state != null && !isSelf(member)) {
            told(state, draining);
        }
    }

    /** The member itself told whether it drains. */
    private void told(MemberHealth state, boolean draining) {
        int notice;
        synchronized (state) {
            notice = ++state.notices;
        }
        setDraining(state, draining, notice);
    }

    /**
     * Whether the member drains, as news sent when it had told {@code notice} times: ignored when it
     * has told since, since what it told is newer.
     */
    private void setDraining(MemberHealth state, boolean draining, int notice) {
        synchronized (state) {
            if (state.notices != notice || state.draining == draining) {
                return;
            }
            state.draining = draining;
        }
        LOG.info("affinity: {} is now {}", state.member, draining ? "draining" : "serving");
        changed(state);
    }

    /**
     * Whether {@code member} is healthy and, while active checks run, its latest probe succeeded: a
     * member is assumed up until its first probes, so a healthy member is not yet a confirmed one.
     */
    public boolean isConfirmed(Member member) {
        if (isSelf(member)) {
            return true;
        }
        MemberHealth state = states.get(member.name());
        return state != null && state.healthy() && (settings.interval().isZero() || state.lastProbeSucceeded);
    }

    /**
     * {@code member} answers: it told this node it (re)started, or answered this node's own such
     * message. It is up and confirmed at once, neither ejected nor counting failures, so a member
     * that was probed while it was starting is not kept down for {@code health.rise} probes while
     * the nodes that did not probe it then already route to it.
     */
    public void announced(Member member) {
        MemberHealth state = states.get(member.name());
        if (state == null || isSelf(member)) {
            return;
        }
        told(state, false);
        synchronized (state) {
            state.up = true;
            state.ejected = false;
            state.lastProbeSucceeded = true;
            state.successes = 0;
            state.failures = 0;
            state.passiveFailures = 0;
            state.backoffMillis = 0;
        }
        state.cameUp();
        publish(state, " (it announced itself)");
    }

    /** {@code member} answered a forward with {@code status}: its failure when the status is one of {@code health.passive.statuses}. */
    public void reportAnswer(Member member, int status) {
        if (settings.isMemberFailure(status)) {
            reportFailure(member);
        } else {
            reportSuccess(member);
        }
    }

    /** A forward to {@code member} failed (no connection, a reset or a timeout). */
    public void reportFailure(Member member) {
        MemberHealth state = states.get(member.name());
        if (state == null || isSelf(member)) {
            return;
        }
        long ejectFor;
        synchronized (state) {
            state.passiveFailures++;
            if (state.passiveFailures < settings.passiveFailures() || state.ejected) {
                return;
            }
            state.passiveFailures = 0;
            state.ejected = true;
            ejectFor = state.backoffMillis == 0 ? settings.backoff().toMillis() : state.backoffMillis;
            state.backoffMillis = Math.min(ejectFor * 2, settings.backoffMax().toMillis());
        }
        LOG.warn("affinity: ejecting {} for {} ms after {} forwarding failures", member, ejectFor, settings.passiveFailures());
        publish(state, " (ejected)");
        scheduler.schedule(() -> readmit(state), ejectFor, TimeUnit.MILLISECONDS);
    }

    /** A forward to {@code member} succeeded. */
    public void reportSuccess(Member member) {
        MemberHealth state = states.get(member.name());
        if (state != null && (state.passiveFailures != 0 || state.backoffMillis != 0)) {
            synchronized (state) {
                if (!state.ejected) {
                    state.passiveFailures = 0;
                    state.backoffMillis = 0;
                }
            }
        }
    }

    /** Each member's health now, in member order. */
    public Map<Member, Boolean> snapshot() {
        Map<Member, Boolean> view = new LinkedHashMap<>();
        states.values().forEach(s -> view.put(s.member, isSelf(s.member) || s.healthy()));
        return view;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        clientExecutor.shutdownNow();
    }

    private void readmit(MemberHealth state) {
        synchronized (state) {
            state.ejected = false;
        }
        LOG.info("affinity: {} re-admitted after ejection", state.member);
        publish(state, "");
    }

    private void probeAll() {
        for (MemberHealth state : states.values()) {
            if (!isSelf(state.member) && !state.probing) {
                probe(state);
            }
        }
    }

    private void probe(MemberHealth state) {
        state.probing = true;
        int notice;
        synchronized (state) {
            notice = state.notices;
        }
        CompletableFuture<HttpResponse<Void>> exchange;
        try {
            HttpRequest request = HttpRequest.newBuilder(state.member.baseUrl().resolve(settings.path()))
                    .timeout(settings.timeout())
                    .GET()
                    .build();
            exchange = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        } catch (RuntimeException e) {
            state.probing = false;
            record(state, false);
            return;
        }
        // the request timeout ends with the answer's headers: the deadline also bounds its body
        ScheduledFuture<?> deadline = scheduler.schedule(() -> exchange.cancel(true),
                settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        exchange.whenComplete((response, failure) -> {
            deadline.cancel(false);
            state.probing = false;
            if (failure == null) {
                boolean draining = response.statusCode() == 503
                        && DRAINING.equals(response.headers().firstValue(STATE_HEADER).orElse(null));
                if (draining || response.statusCode() < 400) {
                    setDraining(state, draining, notice);
                }
                record(state, draining || response.statusCode() < 400);
            } else {
                record(state, false);
            }
        });
    }

    private void record(MemberHealth state, boolean ok) {
        synchronized (state) {
            state.lastProbeSucceeded = ok;
            if (ok) {
                state.failures = 0;
                if (!state.up && ++state.successes >= settings.rise()) {
                    state.up = true;
                    state.successes = 0;
                    state.cameUp();
                }
            } else {
                state.successes = 0;
                if (state.up && ++state.failures >= settings.fall()) {
                    state.up = false;
                    state.failures = 0;
                }
            }
        }
        publish(state, "");
    }

    /**
     * Tells the listeners when {@code member}'s health differs from what they were last told. Probes,
     * forwards, hellos and re-admissions change a member's state on different threads; comparing
     * with what was last published, under the state's monitor, rather than with what one thread saw
     * before its own change, means the last change is always published (a probe's "down" racing a
     * re-admission's "up" once left a node's view showing a stopped member healthy).
     */
    private void publish(MemberHealth state, String why) {
        boolean healthy;
        synchronized (state) {
            healthy = state.healthy();
            if (healthy == state.published) {
                return;
            }
            state.published = healthy;
        }
        LOG.info("affinity: {} is now {}{}", state.member, healthy ? "up" : "down", why);
        changed(state.member, healthy);
    }

    private boolean isSelf(Member member) {
        Member current = self;
        return current != null && current.name().equals(member.name());
    }

    private void changed(MemberHealth state) {
        changed(state.member, state.healthy());
    }

    private void changed(Member member, boolean healthy) {
        for (HealthListener listener : listeners) {
            try {
                listener.healthChanged(member, healthy);
            } catch (RuntimeException e) {
                LOG.warn("affinity: health listener failed", e);
            }
        }
    }

    /** One member's health state; counters are guarded by the object's monitor. */
    private static final class MemberHealth {
        final Member member;
        volatile boolean up = true;
        volatile boolean ejected;
        volatile boolean probing;
        volatile boolean lastProbeSucceeded;
        volatile boolean draining;
        /** When the member last came back up ({@link System#nanoTime()}); 0: up since this node started. */
        volatile long upSince;
        /** The health the listeners were last told; guarded by the object's monitor. */
        boolean published = true;
        int successes;
        int failures;
        int passiveFailures;
        long backoffMillis;
        /** How many times the member told whether it drains ({@link HealthMonitor#draining}, {@link HealthMonitor#announced}). */
        int notices;

        MemberHealth(Member member) {
            this.member = member;
        }

        boolean healthy() {
            return up && !ejected;
        }

        void cameUp() {
            long now = System.nanoTime();
            upSince = now == 0 ? 1 : now;
        }
    }
}
