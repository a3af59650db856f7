package dev.affinity.routing;

/** Whether a member may be routed to now. */
@FunctionalInterface
public interface HealthView {

    /** Every member is healthy: for routing without health checks. */
    HealthView ALL_HEALTHY = member -> true;

    /** {@code true} when requests may be sent to {@code member}. */
    boolean isHealthy(Member member);

    /**
     * {@code true} when {@code member} drains: it is ranked after every member that serves, so it
     * gets no new key while another member may take it.
     */
    default boolean isDraining(Member member) {
        return false;
    }

    /** {@code member}'s state as status pages show it: {@code down}, {@code draining} or {@code up}. */
    default String state(Member member) {
        if (!isHealthy(member)) {
            return "down";
        }
        return isDraining(member) ? "draining" : "up";
    }

    /**
     * The share of its new keys {@code member} takes now, from 0 to 1: below 1 while it slowly
     * starts after coming back up ({@code slow-start}), 1 otherwise.
     */
    default double share(Member member) {
        return 1;
    }
}
