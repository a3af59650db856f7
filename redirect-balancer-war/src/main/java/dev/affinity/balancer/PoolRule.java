package dev.affinity.balancer;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Predicate;

/**
 * One routing rule: requests it matches go to the named pool. Rules are tried in order; a request
 * no rule matches goes to the default pool.
 *
 * @param description the rule as configured, for the status page and logs
 * @param condition what a request must satisfy
 * @param pool the pool's name
 */
record PoolRule(String description, Predicate<BalancedRequest> condition, String pool) {

    boolean matches(BalancedRequest request) {
        return condition.test(request);
    }

    /** Matches paths that start with {@code prefix}. */
    static Predicate<BalancedRequest> pathPrefix(String prefix) {
        return request -> request.path().startsWith(prefix);
    }

    /** Matches paths that match {@code glob}. */
    static Predicate<BalancedRequest> pathGlob(String glob) {
        PathGlob compiled = new PathGlob(glob);
        return request -> compiled.matches(request.path());
    }

    /** Matches requests whose query parameter {@code name} has the value {@code value}. */
    static Predicate<BalancedRequest> parameter(String name, String value) {
        return request -> value.equals(request.parameter(name));
    }

    /** Matches requests whose header {@code name} has the value {@code value}. */
    static Predicate<BalancedRequest> header(String name, String value) {
        return request -> {
            HttpServletRequest servletRequest = request.servletRequest();
            return value.equals(servletRequest.getHeader(name));
        };
    }
}
