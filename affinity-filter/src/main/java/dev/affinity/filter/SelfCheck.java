package dev.affinity.filter;

import dev.affinity.logging.Log;
import dev.affinity.logging.LogLimiter;
import dev.affinity.routing.Member;
import dev.affinity.routing.PeerHttp;
import dev.affinity.routing.Routing;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This node's start-up: it looks for itself at its own URL (the member {@code self} names, or,
 * while {@code self} is unknown, each local member's), then tells every other member it is up.
 *
 * <p>Each node answers its health endpoint with a random instance id ({@code Affinity-Instance}),
 * so a URL answered with this node's id is this node. {@code self} answered by another node, or
 * another member's URL answered by this node (an <em>alias</em>), is a configuration error: it is
 * logged, named in the status, and this node never forwards to an alias (its keys are served
 * here), so a wrong {@code self} cannot make a request loop. An alias is only ever concluded from
 * a URL answering with this node's id: a mark or hello this node signed for another member,
 * arriving here, is only a reason to look (a client could replay one).
 *
 * <p>The hello ({@code POST} to each member's health endpoint, signed like a forwarding mark) has
 * every member that hears it count this node up at once, and its answer has this node count that
 * member up: a node that probed this one while it was starting does not keep it down for
 * {@code health.rise} probes while the others route to it. Until the hellos are answered (or have
 * failed), a health check waits (at most a probe timeout), so a node that says it is healthy is
 * one the farm already agrees about. Before the hellos, a node that found itself warms up ({@code warm-up}, see
 * {@link WarmUp}), so it is counted up once warm. A gateway, which is no member, neither looks nor greets. Bounded: after {@link #START_LIMIT} without seeing itself, the
 * node starts anyway and says why.
 */
final class SelfCheck implements AutoCloseable {
    /** The header carrying a node's instance id on its health answers (and on its look for itself, which is answered at once). */
    static final String INSTANCE_HEADER = "Affinity-Instance";
    /** The header of a hello: a signed mark from the node that says it is up. */
    static final String HELLO_HEADER = "Affinity-Hello";
    /** The longest this node looks for itself before it starts anyway. */
    static final Duration START_LIMIT = Duration.ofSeconds(30);

    private static final Log LOG = Log.of(SelfCheck.class);
    private static final long LOOK_AGAIN_MILLIS = 100;

    private final String instance = newInstanceId();
    private final Routing routing;
    private final ForwardingMark marks;
    private final String healthPath;
    private final Duration timeout;
    private final WarmUp warmUp;
    private final Set<String> aliases = ConcurrentHashMap.newKeySet();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final LogLimiter limiter = new LogLimiter(60_000, System::currentTimeMillis);
    private final LogLimiter suspicions = new LogLimiter(10_000, System::currentTimeMillis);
    private final CountDownLatch started = new CountDownLatch(1);
    private ScheduledExecutorService scheduler;
    private ExecutorService clientThreads;
    private volatile HttpClient client;
    private long deadline;

    /**
     * @param routing the routing core
     * @param marks signs hellos; {@code null} when this node cannot forward (no member to greet)
     * @param healthPath the filter's health endpoint (context path included), the same on every member
     * @param timeout how long one look or one hello may take
     * @param warmUp what this node does once it saw itself, before it greets the others (see {@link WarmUp})
     */
    SelfCheck(Routing routing, ForwardingMark marks, String healthPath, Duration timeout, WarmUp.Plan warmUp) {
        this.routing = routing;
        this.marks = marks;
        this.healthPath = healthPath;
        this.timeout = timeout;
        this.warmUp = new WarmUp(routing, warmUp, healthPath, instance);
    }

    /** Starts looking for this node in the background. */
    synchronized void start() {
        clientThreads = Executors.newCachedThreadPool(PeerHttp.daemonThreads("affinity-self-check-client"));
        client = PeerHttp.newClient(timeout, clientThreads);
        scheduler = Executors.newSingleThreadScheduledExecutor(PeerHttp.daemonThreads("affinity-self-check"));
        deadline = System.nanoTime() + START_LIMIT.toNanos();
        scheduler.execute(this::lookForItself);
    }

    /** This node's instance id, sent with every health answer. */
    String instance() {
        return instance;
    }

    /** Whether the start-up is over: this node saw itself and greeted the others, or gave up. */
    boolean started() {
        return started.getCount() == 0;
    }

    /** Waits at most {@code max} for the start-up to be over; whether it is. */
    boolean awaitStarted(Duration max) {
        try {
            return started.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return started();
        }
    }

    /** Whether {@code member} is this node: {@code self}, or a member whose URL reaches this node. */
    boolean isThisNode(Member member, Member self) {
        return member.name().equals(self.name()) || aliases.contains(member.name());
    }

    /** Whether {@code member}'s URL reaches this node although it is not {@code self}. */
    boolean isAlias(Member member) {
        return aliases.contains(member.name());
    }

    /** {@code members} without those whose URL reaches this node: {@code members} itself while no such alias is known. */
    List<Member> withoutAliases(List<Member> members) {
        if (aliases.isEmpty()) {
            return members;
        }
        List<Member> others = new ArrayList<>(members.size());
        for (Member member : members) {
            if (!isAlias(member)) {
                others.add(member);
            }
        }
        return others;
    }

    /** {@code name}'s URL reaches this node ({@code how} says how it was seen): a configuration error, said once. */
    void aliasFound(String name, String how) {
        if (aliases.add(name)) {
            String self = routing.knownSelf().map(Member::name).orElse("(unknown)");
            String problem = "affinity setting 'self' is " + self + ", but the URL of member " + name + " reaches this node (" + how
                    + "): requests for " + name + " are served here; set 'self' to this node's own name or base URL";
            problems.add(problem);
            LOG.error("affinity: configuration error: {}", problem);
        }
    }

    /**
     * Something this node sent to {@code member} seems to have reached this node: looks (at most
     * once every ten seconds per member) whether {@code member}'s URL answers with this node's id.
     */
    void suspectAlias(Member member) {
        HttpClient current = client;
        if (current == null || aliases.contains(member.name()) || !suspicions.allow(member.name())) {
            return;
        }
        current.sendAsync(HttpRequest.newBuilder(url(member)).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.discarding())
                .thenAccept(answer -> {
                    if (answer.headers().firstValue(INSTANCE_HEADER).orElse("").equals(instance)) {
                        aliasFound(member.name(), "its URL " + member.baseUrl() + " answers with this node's instance id");
                    }
                });
    }

    /** A request was served here rather than forwarded to {@code alias}; logged at most once a minute. */
    void servedForAlias(Member alias) {
        if (limiter.allow(alias.name())) {
            LOG.error("affinity: configuration error: a request owned by {} was served here, as {}'s URL reaches this node (check 'self')",
                    alias.name(), alias.name());
        }
    }

    /** What the status says: {@code starting}, {@code ok}, or {@code errors} when configuration errors were found. */
    String state() {
        if (!problems.isEmpty()) {
            return "errors";
        }
        return started() ? "ok" : "starting";
    }

    /** The configuration errors found, each a sentence naming the setting. */
    List<String> errors() {
        return List.copyOf(problems);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            clientThreads.shutdownNow();
            scheduler = null;
            client = null;
        }
    }

    private void lookForItself() {
        if (routing.selfCandidates().isEmpty()) {
            greetOthers();
            return;
        }
        if (System.nanoTime() - deadline > 0) {
            String where = routing.selfCandidates().stream().map(m -> m.baseUrl() + healthPath).toList().toString();
            problems.add("this node did not see itself answer at " + where + " within " + START_LIMIT.toSeconds()
                    + " s: check 'self' and 'members', and that this node can reach its own URL");
            LOG.warn("affinity: {}", problems.get(problems.size() - 1));
            greetOthers();
            return;
        }
        for (Member candidate : routing.selfCandidates()) {
            Optional<String> answered = instanceAt(candidate);
            if (answered.isEmpty()) {
                continue;
            }
            if (answered.get().equals(instance)) {
                routing.selfFound(candidate);
                warmUpThenGreetOthers(candidate);
                return;
            }
            Optional<Member> self = routing.knownSelf();
            if (self.isPresent() && self.get().name().equals(candidate.name())) {
                String problem = "affinity setting 'self' is " + candidate.name() + ", but " + candidate.baseUrl()
                        + " is answered by another node: set 'self' to this node's own name or base URL";
                problems.add(problem);
                LOG.error("affinity: configuration error: {}", problem);
                greetOthers();
                return;
            }
        }
        schedule(this::lookForItself, LOOK_AGAIN_MILLIS);
    }

    /** The instance id that answers at {@code member}'s health endpoint ("" for an answer without one), if any answers. */
    private Optional<String> instanceAt(Member member) {
        HttpClient current = client;
        if (current == null) {
            return Optional.empty();
        }
        try {
            HttpResponse<Void> answer = current.send(HttpRequest.newBuilder(url(member)).timeout(timeout).header(INSTANCE_HEADER, instance)
                            .GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return Optional.of(answer.headers().firstValue(INSTANCE_HEADER).orElse(""));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Warms this node up (see {@link WarmUp}), then says hello to the others: until both are over, its health says {@code starting}. */
    private void warmUpThenGreetOthers(Member self) {
        HttpClient current = client;
        if (current != null) {
            warmUp.run(current, self);
        }
        greetOthers();
    }

    /** Says hello to every other member; once each answered or failed, the start-up is over. */
    private void greetOthers() {
        Optional<Member> self = routing.knownSelf();
        HttpClient current = client;
        if (self.isEmpty() || marks == null || current == null) {
            finish();
            return;
        }
        List<CompletableFuture<Void>> hellos = new ArrayList<>();
        for (Member member : routing.membership().members()) {
            if (!member.name().equals(self.get().name())) {
                hellos.add(greet(current, self.get(), member));
            }
        }
        CompletableFuture.allOf(hellos.toArray(CompletableFuture[]::new))
                .orTimeout(timeout.toMillis() + 500, TimeUnit.MILLISECONDS)
                .whenComplete((done, failure) -> finish());
    }

    private CompletableFuture<Void> greet(HttpClient current, Member self, Member member) {
        String hello = marks.sign(self.name(), member.name(), 0, "POST", healthPath);
        HttpRequest request = HttpRequest.newBuilder(url(member)).timeout(timeout).header(HELLO_HEADER, hello)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return current.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenAccept(answer -> greeted(member, answer))
                .exceptionally(failure -> {
                    LOG.debug("affinity: {} did not hear this node's hello: {}", member, failure.toString());
                    return null;
                });
    }

    private void greeted(Member member, HttpResponse<String> answer) {
        if (answer.headers().firstValue(INSTANCE_HEADER).orElse("").equals(instance)) {
            aliasFound(member.name(), "this node answered its own hello sent to " + member.baseUrl());
        } else if (answer.statusCode() / 100 == 2) {
            routing.health().announced(member);
        } else {
            LOG.warn("affinity: {} answered this node's hello with {} ({}): check that every node has the same 'secret' and 'members', "
                    + "and that the webapp has the same context path everywhere", member, answer.statusCode(), firstLine(answer.body()));
        }
    }

    private void finish() {
        started.countDown();
        LOG.info("affinity: this node ({}) is up{}", routing.knownSelf().map(Member::name).orElse("not yet known"),
                problems.isEmpty() ? "" : " with configuration errors: " + problems);
    }

    private synchronized void schedule(Runnable task, long delayMillis) {
        if (scheduler != null) {
            scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private URI url(Member member) {
        return URI.create(member.baseUrl() + healthPath);
    }

    /** The first line of an answer's body, at most 120 characters (what a member says when it refuses a hello). */
    private static String firstLine(String body) {
        String line = body == null ? "" : body.strip().lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }

    private static String newInstanceId() {
        byte[] bytes = new byte[8];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
