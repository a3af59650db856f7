package dev.affinity.routing;

import jakarta.servlet.http.HttpServletRequest;

/** One link of the key chain: reads a key from one place in a request. */
public interface KeyExtractor {

    /** The key, or {@code null} when this place holds none. */
    PartitionKey extract(HttpServletRequest request);
}
