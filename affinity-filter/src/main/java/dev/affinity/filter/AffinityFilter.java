package dev.affinity.filter;

import dev.affinity.access.AdminSignature;
import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import dev.affinity.drain.NodeControl;
import dev.affinity.drain.NodeDrain;
import dev.affinity.logging.Log;
import dev.affinity.logging.LogLimiter;
import dev.affinity.metrics.ComponentMeters;
import dev.affinity.metrics.Micrometer;
import dev.affinity.routing.HealthMonitor;
import dev.affinity.routing.InvalidKeyException;
import dev.affinity.routing.Member;
import dev.affinity.routing.NoKeyPolicy;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Ring;
import dev.affinity.routing.Router;
import dev.affinity.routing.Routing;
import dev.affinity.routing.RoutingSettings;
import dev.affinity.servlet.AsyncCompletion;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Serves a request on this node when this node owns its partition key, and forwards it to the
 * owning member otherwise. A request carrying a valid {@code Affinity-Forwarded} mark was forwarded
 * by a member and is always served here, so a request makes at most one hop. The filter also
 * answers {@code <context>/affinity/health}, the ring ({@code <context>/affinity/ring}, see {@link Ring}), the
 * admin endpoints (drain, undrain; see {@link AdminEndpoint}) and, when enabled, the status and metrics endpoints.
 * With {@code gateway=true} the node is none of the members and forwards every request (see {@link Gateway}).
 * While the node drains its health answers {@code 503 draining}, every member is told at once, and keys go to
 * the members that serve; a graceful stop ({@link #destroy()}) drains first and waits for it, at most
 * {@code drain.timeout}. Configured by init-params (see the README); it must be declared
 * {@code async-supported}.
 */
public final class AffinityFilter implements Filter {
    /** The header naming the node that served a response, when {@code expose-node=true}. */
    public static final String NODE_HEADER = "X-Affinity-Node";
    /** The header naming the view of the farm that placed a request ({@code <epoch>;view=<id>}), when {@code expose-node=true}. */
    public static final String EPOCH_HEADER = "X-Affinity-Epoch";
    /** The servlet-context attribute that holds this node's name, set once this node is known (by the first request at the latest). */
    public static final String NODE_ATTRIBUTE = "dev.affinity.node";
    private static final Log LOG = Log.of(AffinityFilter.class);
    private static final int LOOP_DETECTED = 508;
    /** The characters {@link URI} always allows in a path and query: RFC 2396's unreserved and reserved ones, but {@code [} and {@code ]}. */
    private static final boolean[] PLAIN_TARGET = plainTargetCharacters();

    private Routing routing;
    private FilterSettings settings;
    private ForwardingMark marks;
    private ForwardingProxy proxy;
    private StatusReport status;
    private SelfCheck selfCheck;
    private MarkRejections rejections;
    private final FilterCounters counters = new FilterCounters();
    private ComponentMeters meters = ComponentMeters.NONE;
    private final LogLimiter loopLog = new LogLimiter(60_000, System::currentTimeMillis);
    private String healthPath;
    private Duration healthTimeout;
    private volatile Member self;
    private ServletContext context;
    private Gateway gateway;
    private NodeDrain drain;
    private AdminEndpoint admin;
    private PeerNotice peers;
    private NodeDrain.Participant drainListener;
    private NodeControl control;

    /**
     * Starts the filter; a bad setting is logged (so it reaches the container's log, whatever the
     * container reports) and stops the webapp.
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        try {
            start(config);
        } catch (ConfigException e) {
            LOG.error("affinity: the affinity filter cannot start: {}", e.getMessage());
            throw e;
        }
    }

    private void start(FilterConfig config) throws ServletException {
        context = config.getServletContext();
        String contextPath = context.getContextPath();
        Settings loaded = Settings.forFilter(config, FilterSettings.NAMES);
        settings = FilterSettings.from(loaded);
        healthPath = contextPath + "/affinity/health";
        RoutingSettings routingSettings = RoutingSettings.from(loaded, healthPath,
                settings.gateway() ? NoKeyPolicy.FOR_ROUTERS : NoKeyPolicy.FOR_MEMBERS);
        routing = settings.gateway() ? Routing.startGateway(routingSettings) : Routing.start(loaded, routingSettings);
        try {
            if (settings.gateway()) {
                gateway = Gateway.start(loaded, routing);
                self = gateway.self();
                context.setAttribute(NODE_ATTRIBUTE, self.name());
            }
            boolean canForward = gateway != null || routing.canForward();
            if (canForward) {
                marks = new ForwardingMark(settings.requiredSecret(), settings.maxSkew(), System::currentTimeMillis);
                proxy = ForwardingProxy.start(config.getServletContext(), settings, marks, routing.health(), counters);
            } else if (settings.secret().isPresent()) {
                marks = new ForwardingMark(settings.secret().get(), settings.maxSkew(), System::currentTimeMillis);
            }
            rejections = new MarkRejections(routing.membership());
            startDrain(contextPath);
            healthTimeout = routing.settings().health().timeout();
            selfCheck = new SelfCheck(routing, canForward ? marks : null, healthPath, healthTimeout, settings.warmUp().under(contextPath));
            status = new StatusReport(routing, counters, selfCheck, rejections, gateway != null, drain);
            NodeDrain drained = drain;
            meters = Micrometer.bind(context, settings.metrics(),
                    () -> new FilterMeters(counters, routing.membership(), routing.health(), drained));
            Optional.ofNullable(self).or(routing::knownSelf).ifPresent(this::selfKnown);
        } catch (RuntimeException | ServletException e) {
            routing.close();
            throw e;
        }
        selfCheck.start();
        drain.add(drainListener);
        LOG.info("affinity: filter started{} with members {}, strategy {}", gateway != null ? " as gateway " + self.name() : "",
                routing.membership().members(), routing.router().strategy());
    }

    /** The drain state shared with the session filter, the admin endpoints, and the notice to the other members. */
    private void startDrain(String contextPath) {
        drain = NodeDrain.of(context);
        drain.timeout(settings.drainTimeout());
        AdminSignature signatures = settings.secret().map(s -> new AdminSignature(s, settings.maxSkew(), System::currentTimeMillis))
                .orElse(null);
        admin = new AdminEndpoint(contextPath, settings.adminAllow(), signatures, drain, routing);
        peers = signatures != null && gateway == null && routing.canForward()
                ? new PeerNotice(routing, signatures, contextPath, routing.settings().health().timeout()) : null;
        drainListener = new NodeDrain.Participant() {
            @Override
            public void drainingChanged(boolean draining) {
                routing.health().selfDraining(draining);
                if (peers != null) {
                    peers.announce(draining);
                }
            }

            @Override
            public int remaining() {
                return 0;
            }
        };
    }

    /** This node is known: its meters and its drain MBean start. */
    private synchronized void selfKnown(Member known) {
        meters.start(known.name());
        if (control == null) {
            control = NodeControl.register(drain, known.name());
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        if (request.getRequestURI().equals(healthPath)) {
            answerHealth(request, response);
            return;
        }
        if (settings.ring().matches(request)) {
            answerRing(request, response);
            return;
        }
        Member self = self(request, response);
        if (self == null) {
            return;
        }
        if (settings.status().matches(request)) {
            answerStatus(request, response, self);
            return;
        }
        if (meters.serve(request, response)) {
            return;
        }
        if (admin.matches(request)) {
            admin.answer(request, response, self);
            return;
        }
        drain.requestStarted();
        Dispatch dispatch = null;
        try {
            dispatch = decide(request, self);
            dispatch(dispatch, request, response, chain, self);
        } finally {
            if (!(dispatch instanceof Dispatch.Forward)) {
                endWhenComplete(request);
            }
        }
    }

    /** Tells the drain the request ended: now, or when its asynchronous response completes. */
    private void endWhenComplete(HttpServletRequest request) {
        if (request.isAsyncStarted()) {
            AsyncCompletion.whenEnded(request, drain::requestEnded);
        } else {
            drain.requestEnded();
        }
    }

    /** Serves, forwards or rejects the request as decided; a forward tells the drain when the request ends. */
    private void dispatch(Dispatch dispatch, HttpServletRequest request, HttpServletResponse response, FilterChain chain, Member self)
            throws IOException, ServletException {
        if (dispatch instanceof Dispatch.Local local) {
            serveLocally(local.request(), response, chain, self);
        } else if (dispatch instanceof Dispatch.Forward forward) {
            boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
            proxy.forward(new Exchange(request, response, forward.key(), self, forward.candidates(), forward.target(), hasBody,
                    routing.view().current()), drain::requestEnded);
        } else {
            Dispatch.Reject reject = (Dispatch.Reject) dispatch;
            counters.rejected(reject.cause());
            PlainText.send(response, reject.status(), reject.message());
        }
    }

    /**
     * The one routing decision for a request: a marked request, a request without a key (unless
     * rejected) and a request this node owns are served here; the others are forwarded to their
     * candidates, ranked once.
     */
    private Dispatch decide(HttpServletRequest request, Member self) {
        PartitionKey key;
        try {
            key = routing.keys().extract(request);
        } catch (InvalidKeyException e) {
            return new Dispatch.Reject(Rejection.BAD_KEY, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        }
        if (gateway != null) {
            return decideAsGateway(request, self, key);
        }
        HttpServletRequest served = request;
        String mark = request.getHeader(ForwardingMark.HEADER);
        if (mark != null) {
            if (key != null && marks != null && honours(request, mark, self, key)) {
                return new Dispatch.Local(request);
            }
            served = new WithoutMark(request);
        }
        if (key == null) {
            return routing.noKey() == NoKeyPolicy.REJECT
                    ? new Dispatch.Reject(Rejection.NO_KEY, HttpServletResponse.SC_BAD_REQUEST, NoKeyPolicy.REJECTED) : new Dispatch.Local(served);
        }
        Router.Candidates candidates = routing.router().choose(key);
        Member owner = candidates.first();
        if (owner == null || proxy == null || selfCheck.isThisNode(owner, self)) {
            if (owner != null && selfCheck.isAlias(owner)) {
                selfCheck.servedForAlias(owner);
            }
            return new Dispatch.Local(served);
        }
        return forward(request, self, key, selfCheck.withoutAliases(candidates.all()));
    }

    /**
     * A gateway forwards every request: by its key, or to the member {@code no-key} picks. A mark a
     * client sent is never honoured here (the forward carries the gateway's own).
     */
    private Dispatch decideAsGateway(HttpServletRequest request, Member self, PartitionKey key) {
        if (key == null && gateway.rejectsKeyless()) {
            return new Dispatch.Reject(Rejection.NO_KEY, HttpServletResponse.SC_BAD_REQUEST, NoKeyPolicy.REJECTED);
        }
        List<Member> candidates = key == null ? gateway.keylessCandidates() : routing.router().choose(key).all();
        if (candidates.isEmpty()) {
            return new Dispatch.Reject(Rejection.UNREACHABLE, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "affinity: no member is up");
        }
        return forward(request, self, key == null ? Gateway.NO_KEY : key, candidates);
    }

    /** Forwards to {@code candidates} unless the request came through this node already, cannot be forwarded, or is not async. */
    private Dispatch forward(HttpServletRequest request, Member self, PartitionKey key, List<Member> candidates) {
        if (viaThisNode(request, self)) {
            if (loopLog.allow(self.name())) {
                LOG.error("affinity: a request to forward already came through this node ({}): check that every node has the same "
                        + "'secret', 'members' and 'key' settings", request.getHeader("Via"));
            }
            return new Dispatch.Reject(Rejection.LOOP, LOOP_DETECTED, "affinity: forwarding loop detected; the nodes' settings disagree");
        }
        String target = target(request);
        if (!isForwardable(target)) {
            return new Dispatch.Reject(Rejection.NOT_FORWARDABLE, HttpServletResponse.SC_BAD_REQUEST, "affinity: the request target cannot be forwarded");
        }
        if (!request.isAsyncSupported()) {
            LOG.error("affinity: cannot forward {}: declare the filter and every filter before it <async-supported>true</async-supported>",
                    request.getRequestURI());
            return new Dispatch.Reject(Rejection.NOT_ASYNC, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "affinity: the request cannot be forwarded");
        }
        return new Dispatch.Forward(key, target, candidates);
    }

    /**
     * Whether the request's mark is honoured. A mark this node signed for another member, which
     * came back here, may mean that member's URL reaches this node: that is looked into, and the
     * request is routed as any other (a loop ends at once, see {@link #viaThisNode}). Other
     * invalid marks from a member's address are counted and logged.
     */
    private boolean honours(HttpServletRequest request, String mark, Member self, PartitionKey key) {
        ForwardingMark.Check check = marks.check(mark, self.name(), key.hash(), request.getMethod(), target(request), this::memberNames);
        switch (check.outcome()) {
            case VALID:
                return true;
            case SENT_TO_OTHER_MEMBER:
                suspectAlias(check.destination());
                return false;
            default:
                LOG.debug("affinity: ignoring an invalid {} header on {}: {}", ForwardingMark.HEADER, request.getRequestURI(), check.outcome());
                rejections.rejected(request.getRemoteAddr(), check);
                return false;
        }
    }

    private void suspectAlias(String name) {
        Member member = routing.router().member(name);
        if (member != null) {
            selfCheck.suspectAlias(member);
        }
    }

    private Iterator<String> memberNames() {
        return routing.membership().members().stream().map(Member::name).iterator();
    }

    /** This node, resolved on the first request; {@code null} (after answering 500) when it is not a member. */
    private Member self(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Member known = self;
        if (known != null) {
            return known;
        }
        try {
            known = routing.self(request.getLocalPort());
            self = known;
            context.setAttribute(NODE_ATTRIBUTE, known.name());
            selfKnown(known);
            return known;
        } catch (ConfigException e) {
            LOG.error("affinity: {}", e.getMessage());
            counters.rejected(Rejection.NOT_MEMBER);
            PlainText.send(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "affinity: this node is not one of the configured members");
            return null;
        }
    }

    /**
     * A graceful stop: drains (unless {@code drain.timeout} is zero) and waits until no session and
     * no request is left here, at most {@code drain.timeout}; then stops.
     */
    @Override
    public void destroy() {
        if (drain != null) {
            if (!settings.drainTimeout().isZero()) {
                drain.drainAndAwait();
            }
            drain.remove(drainListener);
        }
        if (control != null) {
            control.close();
        }
        if (peers != null) {
            peers.close();
        }
        meters.close();
        if (selfCheck != null) {
            selfCheck.close();
        }
        if (proxy != null) {
            proxy.destroy();
        }
        if (routing != null) {
            routing.close();
        }
    }

    private void serveLocally(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Member self)
            throws IOException, ServletException {
        counters.local();
        if (settings.exposeNode()) {
            response.setHeader(NODE_HEADER, self.name());
            response.setHeader(EPOCH_HEADER, routing.view().current().header());
        }
        chain.doFilter(request, response);
    }

    /** Whether the request already passed through this node: a {@code Via} entry names it. */
    private static boolean viaThisNode(HttpServletRequest request, Member self) {
        for (Enumeration<String> vias = request.getHeaders("Via"); vias.hasMoreElements(); ) {
            for (String entry : vias.nextElement().split(",")) {
                String[] parts = entry.trim().split("\\s+");
                if (parts.length >= 2 && parts[1].equals(self.name())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code target} can be sent on as it is: an origin-form target ({@code /path?query})
     * that {@link URI} parses, without a fragment. A target made only of characters that a URI's
     * path and query always allow, with well-formed {@code %} escapes, is one without being parsed.
     */
    static boolean isForwardable(String target) {
        return target.startsWith("/") && (isPlainTarget(target) || parsesWithoutFragment(target));
    }

    /** Whether {@link URI} parses {@code target} (starting with {@code /}) as a path and query on a member, without a fragment. */
    static boolean parsesWithoutFragment(String target) {
        try {
            URI uri = URI.create("http://member" + target);
            return "member".equals(uri.getHost()) && uri.getRawFragment() == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isPlainTarget(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '%') {
                if (i + 2 >= target.length() || Character.digit(target.charAt(i + 1), 16) < 0
                        || Character.digit(target.charAt(i + 2), 16) < 0) {
                    return false;
                }
                i += 2;
            } else if (c >= PLAIN_TARGET.length || !PLAIN_TARGET[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean[] plainTargetCharacters() {
        boolean[] plain = new boolean[128];
        for (char c : ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" + "-_.!~*'()" + ";:@&=+$," + "/?").toCharArray()) {
            plain[c] = true;
        }
        return plain;
    }

    /**
     * {@code GET}/{@code HEAD}: {@code 200 ok} once this node has seen itself answer, warmed up ({@code warm-up})
     * and greeted the others (a check while it has not waits for that, at most {@code health.timeout}, then gets
     * {@code 503 starting}); always with this node's instance id. {@code POST} with a hello: a
     * member says it (re)started.
     */
    private void answerHealth(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader(SelfCheck.INSTANCE_HEADER, selfCheck.instance());
        String method = request.getMethod();
        if (method.equals("POST") && request.getHeader(SelfCheck.HELLO_HEADER) != null) {
            answerHello(request, response);
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            PlainText.write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "affinity: the health check answers GET and HEAD");
            return;
        }
        boolean itself = selfCheck.instance().equals(request.getHeader(SelfCheck.INSTANCE_HEADER));
        if (drain.isDraining()) {
            response.setHeader(HealthMonitor.STATE_HEADER, HealthMonitor.DRAINING);
            response.setHeader("Retry-After", "1");
            PlainText.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "draining sessions=" + drain.sessions() + " requests=" + drain.requests());
            return;
        }
        if (!selfCheck.started() && (itself || !selfCheck.awaitStarted(healthTimeout))) {
            response.setHeader("Retry-After", "1");
            PlainText.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "starting");
            return;
        }
        PlainText.write(response, HttpServletResponse.SC_OK, "ok");
    }

    private void answerHello(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Member self = self(request, response);
        if (self == null) {
            return;
        }
        if (marks == null) {
            PlainText.write(response, HttpServletResponse.SC_FORBIDDEN, "affinity: this node has no secret to check a hello");
            return;
        }
        ForwardingMark.Check check = marks.check(request.getHeader(SelfCheck.HELLO_HEADER), self.name(), 0, "POST", target(request),
                this::memberNames);
        Member member = check.origin() == null ? null : routing.router().member(check.origin());
        if (check.outcome() == ForwardingMark.Outcome.SENT_TO_OTHER_MEMBER) {
            suspectAlias(check.destination());
        } else if (check.outcome() == ForwardingMark.Outcome.VALID && member != null) {
            routing.health().announced(member);
        } else {
            rejections.rejected(request.getRemoteAddr(), check);
            PlainText.write(response, HttpServletResponse.SC_FORBIDDEN, check.outcome() == ForwardingMark.Outcome.VALID
                    ? "affinity: hello refused: " + check.origin() + " is not one of this node's members"
                    : "affinity: hello refused: its mark does not hold here");
            return;
        }
        PlainText.write(response, HttpServletResponse.SC_OK, "ok");
    }

    private void answerRing(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!settings.ring().access().admit(request, response)) {
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json;charset=utf-8");
        response.getWriter().write(Ring.of(routing, context.getContextPath()).toJson());
    }

    private void answerStatus(HttpServletRequest request, HttpServletResponse response, Member self) throws IOException {
        if (!settings.status().access().admit(request, response)) {
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json;charset=utf-8");
        response.getWriter().write(status.toJson(self));
    }

    private static String target(HttpServletRequest request) {
        String query = request.getQueryString();
        return query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
    }
}
