package dev.affinity.routing;

import java.net.URI;
import java.util.Objects;

/**
 * One node of the farm: its route name (used in session ids and {@code X-Affinity-Node}), its
 * base URL (the only place a request is ever forwarded or redirected to) and its placement weight.
 */
public final class Member {
    private final String name;
    private final URI baseUrl;
    private final double weight;
    private final long seed;

    public Member(String name, URI baseUrl, double weight) {
        this.name = Objects.requireNonNull(name, "name");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be a positive number: " + weight);
        }
        this.weight = weight;
        this.seed = KeyHash.of(name);
    }

    /** The route name of this member. */
    public String name() {
        return name;
    }

    /** The configured base URL, such as {@code http://10.0.0.1:8080}, without a trailing slash. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The placement weight (1 unless configured). */
    public double weight() {
        return weight;
    }

    /** A stable hash of the member's name, the member's identity for placement. */
    long seed() {
        return seed;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Member m && name.equals(m.name) && baseUrl.equals(m.baseUrl) && weight == m.weight;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, baseUrl, weight);
    }

    @Override
    public String toString() {
        return name + "=" + baseUrl + (weight == 1 ? "" : ";weight=" + weight);
    }
}
