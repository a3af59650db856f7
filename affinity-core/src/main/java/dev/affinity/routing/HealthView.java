package dev.affinity.routing;

/** Whether a member may be routed to now. */
@FunctionalInterface
public interface HealthView {

    /** Every member is healthy: for routing without health checks. */
    HealthView ALL_HEALTHY = member -> true;

    /** {@code true} when requests may be sent to {@code member}. */
    boolean isHealthy(Member member);
}
