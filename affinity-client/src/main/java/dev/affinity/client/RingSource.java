package dev.affinity.client;

import dev.affinity.routing.Ring;
import java.io.IOException;

/** Where the client learns the farm: the nodes' ring endpoint ({@link EndpointRing}) or Hazelcast membership ({@link HazelcastRing}). */
interface RingSource extends AutoCloseable {

    /** The farm now. */
    Ring read() throws IOException;

    /** Calls {@code changed} whenever the source learns, without being asked, that the farm changed; a source read by polling never does. */
    default void onChange(Runnable changed) {
    }

    /** Stops following the farm. */
    @Override
    default void close() {
    }
}
