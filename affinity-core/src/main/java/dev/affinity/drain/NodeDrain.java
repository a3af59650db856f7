package dev.affinity.drain;

import dev.affinity.logging.Log;
import jakarta.servlet.ServletContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether this node is {@code serving} or {@code draining}, shared by the toolkit's filters of one
 * webapp through a servlet-context attribute ({@link #of}). The affinity filter counts requests in
 * flight and stops placing keys here while draining; the session filter hands its sessions over
 * (a {@link Participant}) and says how many it still holds. A drained node has neither left.
 */
public final class NodeDrain {
    /** The servlet-context attribute holding a webapp's drain state. */
    public static final String ATTRIBUTE = "dev.affinity.drain";
    /** The drain timeout when no filter set one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Log LOG = Log.of(NodeDrain.class);
    private static final long WAKE_MILLIS = 50;

    /** Something that has work to hand over while the node drains: it is told of each change of state. */
    public interface Participant {
        /** The node started ({@code true}) or stopped ({@code false}) draining. */
        void drainingChanged(boolean draining);

        /** How many sessions (or other units of work) it still holds here. */
        int remaining();
    }

    private final List<Participant> participants = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;
    private volatile Duration timeout = DEFAULT_TIMEOUT;
    private boolean stopped;

    /** The drain state of {@code context}'s webapp, made on first use. */
    public static NodeDrain of(ServletContext context) {
        synchronized (NodeDrain.class) {
            Object existing = context.getAttribute(ATTRIBUTE);
            if (existing instanceof NodeDrain drain) {
                return drain;
            }
            NodeDrain drain = new NodeDrain();
            context.setAttribute(ATTRIBUTE, drain);
            return drain;
        }
    }

    /** Adds a participant; it is told at once if the node drains already. */
    public void add(Participant participant) {
        participants.add(participant);
        if (draining) {
            participant.drainingChanged(true);
        }
    }

    /** Removes a participant (its filter stopped). */
    public void remove(Participant participant) {
        participants.remove(participant);
    }

    /** Starts draining; whether the state changed. */
    public boolean drain() {
        return change(true);
    }

    /** Serves again; whether the state changed. */
    public boolean undrain() {
        return change(false);
    }

    private synchronized boolean change(boolean next) {
        if (draining == next) {
            return false;
        }
        draining = next;
        LOG.info("affinity: this node is now {}", state());
        for (Participant participant : participants) {
            try {
                participant.drainingChanged(next);
            } catch (RuntimeException e) {
                LOG.warn("affinity: a drain participant failed", e);
            }
        }
        notifyAll();
        return true;
    }

    /** Whether this node drains. */
    public boolean isDraining() {
        return draining;
    }

    /** {@code draining} or {@code serving}. */
    public String state() {
        return draining ? "draining" : "serving";
    }

    /** A request started here (it is counted until {@link #requestEnded()}). */
    public void requestStarted() {
        inFlight.incrementAndGet();
    }

    /** A request counted by {@link #requestStarted()} ended. */
    public void requestEnded() {
        if (inFlight.decrementAndGet() == 0 && draining) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Requests in flight here, forwards through this node included. */
    public int requests() {
        return inFlight.get();
    }

    /** Sessions still held here. */
    public int sessions() {
        int sum = 0;
        for (Participant participant : participants) {
            sum += participant.remaining();
        }
        return sum;
    }

    /** How long a graceful stop waits for the drain ({@code drain.timeout}). */
    public Duration timeout() {
        return timeout;
    }

    /** Sets {@link #timeout()}. */
    public void timeout(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * A graceful stop: drains, then waits until no session and no request is left here, or
     * {@link #timeout()} passed; whether the node drained in time. Waits once: the filters of a
     * webapp each call it as they stop, and the later calls return at once.
     */
    public boolean drainAndAwait() {
        drain();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            if (stopped) {
                return sessions() == 0 && requests() == 0;
            }
            stopped = true;
            while (sessions() > 0 || requests() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("affinity: drain timeout ({}) passed with {} sessions and {} requests left", timeout, sessions(), requests());
                    return false;
                }
                try {
                    wait(Math.min(WAKE_MILLIS, Math.max(1, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        LOG.info("affinity: this node drained");
        return true;
    }
}
