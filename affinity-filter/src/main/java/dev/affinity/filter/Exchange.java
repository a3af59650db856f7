package dev.affinity.filter;

import dev.affinity.routing.Member;
import dev.affinity.routing.PartitionKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;

/**
 * One forwarded request and its failover state: the members still to try, and how far the
 * current attempt got, which decides whether it may be retried on the next member.
 */
final class Exchange {
    /** Methods that may be sent twice (RFC 9110, section 9.2.2). */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

    final HttpServletRequest request;
    final HttpServletResponse response;
    final PartitionKey key;
    final Member self;
    final String target;
    final boolean hasBody;
    private final boolean idempotent;
    private final List<Member> candidates;
    private int next;
    private volatile boolean established;
    private volatile boolean bodyStarted;
    private volatile boolean responded;
    private volatile boolean clientFailed;
    private boolean writing;
    private Runnable afterWriting;

    Exchange(HttpServletRequest request, HttpServletResponse response, PartitionKey key, Member self,
             List<Member> candidates, String target, boolean hasBody) {
        this.request = request;
        this.response = response;
        this.key = key;
        this.self = self;
        this.candidates = candidates;
        this.target = target;
        this.hasBody = hasBody;
        this.idempotent = IDEMPOTENT.contains(request.getMethod());
    }

    /** The next member to try, or {@code null} when none is left. */
    Member next() {
        return next < candidates.size() ? candidates.get(next++) : null;
    }

    /** The current attempt has a connection and has begun sending. */
    void established() {
        established = true;
    }

    /** The client's body has begun streaming to the current attempt; it cannot be sent again. */
    void bodyStarted() {
        bodyStarted = true;
    }

    /** The member has begun answering; its answer is now the client's. */
    void responded() {
        responded = true;
    }

    /** Reading the client's body failed: the client, not the member, is at fault. */
    void clientFailed() {
        clientFailed = true;
    }

    /** A piece of the member's answer is being written to the client. */
    synchronized void writing() {
        writing = true;
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
        return !clientFailed;
    }

    /**
     * Whether a failed attempt may be retried on the next member: never once the member answered
     * or the client failed; always when no connection was established; otherwise only for
     * idempotent methods whose body (if any) has not begun streaming.
     */
    boolean retryable() {
        if (responded || clientFailed || next >= candidates.size()) {
            return false;
        }
        return !established || (idempotent && !bodyStarted);
    }
}
