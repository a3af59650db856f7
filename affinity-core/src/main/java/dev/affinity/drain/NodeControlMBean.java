package dev.affinity.drain;

/** The JMX face of a node's drain state, registered as {@code dev.affinity:type=Node,name=<node>}. */
public interface NodeControlMBean {
    /** Starts draining. */
    void drain();

    /**
     * Drains and waits until no session and no request is left, at most {@code drain.timeout}
     * (what a launcher calls before it stops its server); whether the node drained in time.
     */
    boolean drainAndAwait();

    /** Serves again. */
    void undrain();

    /** {@code draining} or {@code serving}. */
    String getState();

    /** Sessions still held here. */
    int getSessions();

    /** Requests in flight here. */
    int getRequestsInFlight();
}
