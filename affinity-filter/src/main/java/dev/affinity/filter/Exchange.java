package dev.affinity.filter;

import dev.affinity.routing.Member;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.RoutingView;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.io.CyclicTimeouts;

/**
 * One forwarded request and its failover state: the members still to try, the current attempt
 * and how far it got, which decides whether it may be retried on the next member. It expires
 * ({@link #getExpireNanoTime()}) when the member it was sent to in full has not begun answering
 * by {@code forward.response-timeout}.
 */
final class Exchange implements CyclicTimeouts.Expirable {
    /** Methods that may be sent twice (RFC 9110, section 9.2.2). */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");
    /** The headers the container puts on a response itself, as Jetty and Tomcat spell them. */
    private static final Set<String> CONTAINER_HEADERS = Set.of("Date", "Server");

    final HttpServletRequest request;
    final HttpServletResponse response;
    final PartitionKey key;
    final Member self;
    final String target;
    final boolean hasBody;
    /** The view of the farm that placed this request. */
    final RoutingView.View view;
    /** When the forward began ({@link System#nanoTime()}). */
    final long startNanos = System.nanoTime();
    private final boolean idempotent;
    private final List<Member> candidates;
    private int next;
    private volatile Attempt attempt;
    /** When the member must have begun answering the request it was sent ({@link System#nanoTime()}); {@link Long#MAX_VALUE}: no wait. */
    private volatile long answerDue = Long.MAX_VALUE;
    /** The request whose answer is awaited until {@link #answerDue}. */
    private volatile Request awaited;
    private volatile BodyWatch body;
    private volatile boolean established;
    private volatile boolean bodyStarted;
    private volatile boolean responded;
    /** The headers earlier filters had set, kept back when a member's answer that is then dropped is relayed. */
    private volatile Map<String, List<String>> headersBeforeAnswer;
    private volatile boolean relaying;
    private volatile String clientFailure;
    private final AtomicBoolean ended = new AtomicBoolean();
    private boolean writing;
    private Runnable afterWriting;
    private volatile Runnable end = () -> { };

    Exchange(HttpServletRequest request, HttpServletResponse response, PartitionKey key, Member self,
             List<Member> candidates, String target, boolean hasBody, RoutingView.View view) {
        this.request = request;
        this.response = response;
        this.key = key;
        this.self = self;
        this.candidates = candidates;
        this.target = target;
        this.hasBody = hasBody;
        this.view = view;
        this.idempotent = IDEMPOTENT.contains(request.getMethod());
    }

    /** The next member to try, or {@code null} when none is left. */
    Member next() {
        return next < candidates.size() ? candidates.get(next++) : null;
    }

    /** A new attempt: {@code proxyRequest} to {@code member}. */
    void attempting(Member member, Request proxyRequest) {
        attempt = new Attempt(member, proxyRequest, new AtomicBoolean(), new AtomicReference<>(), new AtomicBoolean());
    }

    /**
     * {@code proxyRequest} was handed to the client: if its attempt was abandoned before, it is
     * aborted now. (Jetty's client loses a request aborted before it is sent whose connection then
     * fails: its listener never hears the end, and the client's request would hang.)
     */
    void sent(Request proxyRequest) {
        Attempt current = attempt;
        if (current != null && current.request() == proxyRequest) {
            current.sent().set(true);
            if (current.abandoned().get()) {
                proxyRequest.abort(current.reason().get());
            }
        }
    }

    /** The current attempt has a connection and has begun sending. */
    void established() {
        established = true;
    }

    /** The client's body has begun streaming to the current attempt; it cannot be sent again. */
    void bodyStarted(BodyWatch watch) {
        bodyStarted = true;
        body = watch;
    }

    /** How the client sends its body, once it streams and is watched; else {@code null}. */
    BodyWatch body() {
        return body;
    }

    /** The member has begun answering; its answer is the client's once a piece of it is relayed. */
    void responded() {
        if (headersBeforeAnswer == null) {
            headersBeforeAnswer = headersOf(response);
        }
        responded = true;
        stopWaitingForAnswer();
    }

    /** The whole request {@code sent} was sent: its member has until {@code dueNanos} ({@link System#nanoTime()}) to begin answering. */
    void awaitingResponse(Request sent, long dueNanos) {
        awaited = sent;
        answerDue = dueNanos;
        if (responded) {
            stopWaitingForAnswer();
        }
    }

    /** When the member must have begun answering; {@link Long#MAX_VALUE} while no answer is awaited. */
    @Override
    public long getExpireNanoTime() {
        return answerDue;
    }

    /** The member did not begin answering in time: the request it was sent is aborted, unless it has begun since. */
    void answerOverdue() {
        Request sent = awaited;
        stopWaitingForAnswer();
        if (sent != null && !responded) {
            sent.abort(new TimeoutException("no answer within forward.response-timeout"));
        }
    }

    /** The current attempt ended, one way or another. */
    void attemptEnded() {
        stopWaitingForAnswer();
    }

    /** Sets what {@link #end} runs. */
    void onEnd(Runnable action) {
        end = action;
    }

    /** Ends the exchange's bookkeeping (at most once, however often it is called). */
    void end() {
        end.run();
    }

    /** Marks the exchange ended: nothing more to watch. {@code true} the first time only. */
    boolean markEnded() {
        stopWaitingForAnswer();
        BodyWatch watch = body;
        if (watch != null) {
            watch.done();
        }
        return ended.compareAndSet(false, true);
    }

    /**
     * Abandons the current attempt if it is to {@code down} and has no answer yet: it is failed,
     * to be retried or answered {@code 502} as any failed attempt.
     *
     * @return whether it was abandoned
     */
    boolean abandonIfWaitingOn(Member down, Throwable reason) {
        Attempt current = attempt;
        if (current == null || responded || !current.member().name().equals(down.name())) {
            return false;
        }
        current.reason().compareAndSet(null, reason);
        if (!current.abandoned().compareAndSet(false, true)) {
            return false;
        }
        if (current.sent().get()) {
            current.request().abort(reason);
        }
        return true;
    }

    /** Whether the current attempt was abandoned because its member was marked down. */
    boolean abandoned() {
        Attempt current = attempt;
        return current != null && current.abandoned().get();
    }

    /** The client, not the member, is at fault: reading its body failed, or it was cut off for {@code reason}. */
    void clientFailed(String reason) {
        if (clientFailure == null) {
            clientFailure = reason;
        }
    }

    /** Why the client is at fault, or {@code null} while it is not. */
    String clientFailure() {
        return clientFailure;
    }

    /** A piece of the member's answer is being written to the client; returns whether it is the answer's first. */
    synchronized boolean writing() {
        boolean first = !relaying;
        writing = true;
        relaying = true;
        return first;
    }

    /** The piece is written, or failed; runs what waited for it. */
    void written() {
        Runnable then;
        synchronized (this) {
            writing = false;
            then = afterWriting;
            afterWriting = null;
        }
        if (then != null) {
            then.run();
        }
    }

    /** Runs {@code action} once no piece of the answer is being written: now, or when the pending one is. */
    void afterWriting(Runnable action) {
        synchronized (this) {
            if (writing) {
                afterWriting = action;
                return;
            }
        }
        action.run();
    }

    /** Whether the member of the current attempt began answering. */
    boolean hasResponse() {
        return responded;
    }

    /** Whether the member of the current attempt is to blame for its failure. */
    boolean memberAtFault() {
        return clientFailure == null;
    }

    /**
     * Whether a failed attempt may be retried on the next member: never once the client failed or
     * a piece of the member's answer was relayed to it; always when no connection was established;
     * otherwise only for idempotent methods whose body (if any) has not begun streaming, also when
     * the member died after its answer's headers, before any of it reached the client.
     */
    boolean retryable() {
        if (clientFailure != null || next >= candidates.size()) {
            return false;
        }
        if (responded) {
            return idempotent && !bodyStarted && !relaying && !response.isCommitted();
        }
        return !established || (idempotent && !bodyStarted);
    }

    /**
     * The member that began answering failed before any of its answer reached the client (it died
     * after its headers): what it answered is dropped, so the next member's answer is the client's;
     * the headers earlier filters had set are kept.
     */
    void answerDropped() {
        response.reset();
        headersBeforeAnswer.forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        responded = false;
    }

    /**
     * The headers {@code response} has now: those earlier filters set, before a member's answer is
     * relayed into it. The container's own {@code Date} and {@code Server} are left out: Jetty puts
     * them on every response and keeps them through a reset, Tomcat adds them when the response is
     * committed, and a member's answer replaces them; copying them would cost a copy per forward
     * for nothing (and in Jetty add them twice after a reset).
     */
    private static Map<String, List<String>> headersOf(HttpServletResponse response) {
        Collection<String> names = response.getHeaderNames();
        Map<String, List<String>> headers = Map.of();
        for (String name : names) {
            if (!CONTAINER_HEADERS.contains(name)) {
                if (headers.isEmpty()) {
                    headers = new LinkedHashMap<>();
                }
                headers.putIfAbsent(name, List.copyOf(response.getHeaders(name)));
            }
        }
        return headers;
    }

    /** One attempt: the request to one member, whether it was abandoned (and why) and whether it was handed to the client. */
    private record Attempt(Member member, Request request, AtomicBoolean abandoned, AtomicReference<Throwable> reason, AtomicBoolean sent) {
    }

    private void stopWaitingForAnswer() {
        answerDue = Long.MAX_VALUE;
    }
}
