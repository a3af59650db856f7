package dev.affinity.benchmarks;

import java.io.IOException;

/** A load generator: loads a subject for a fixed time and says what it measured. */
interface Load {

    /** Loads {@code url} (a base URL, or the subject's description when the load chooses its own targets). */
    Wrk.Result run(String url) throws IOException, InterruptedException;
}
