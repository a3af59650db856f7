package dev.affinity.metrics;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A component's meters while it runs, as its filter or servlet sees them: without a Micrometer
 * type, so a webapp without Micrometer on its class path still loads the component.
 */
public interface ComponentMeters extends AutoCloseable {

    /** No meters: Micrometer is not on the class path and no setting asks for it. */
    ComponentMeters NONE = new ComponentMeters() {
        @Override
        public void start(String node) {
        }

        @Override
        public boolean serve(HttpServletRequest request, HttpServletResponse response) {
            return false;
        }

        @Override
        public void close() {
        }
    };

    /**
     * Registers the meters, tagged {@code node=<node>} unless {@code node} is {@code null}; the
     * first call does, later ones do nothing.
     */
    void start(String node);

    /**
     * Answers {@code request} if it is for the Prometheus endpoint (enabled): the meters in
     * Prometheus text format, or the refusal of {@link dev.affinity.access.StatusAccess}.
     *
     * @return whether the request was answered
     */
    boolean serve(HttpServletRequest request, HttpServletResponse response) throws IOException;

    /** Removes the meters from the registries and closes those this component opened. */
    @Override
    void close();
}
