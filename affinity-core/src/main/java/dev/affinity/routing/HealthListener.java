package dev.affinity.routing;


/** Told when a member becomes routable or stops being routable, or starts or stops draining. */
@FunctionalInterface
public interface HealthListener {

    /** {@code member} is now {@code healthy} (or not). */
    void healthChanged(Member member, boolean healthy);
}
