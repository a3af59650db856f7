package dev.affinity.session;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers the size of the Hazelcast cluster of this JVM's member (the manager's) and whether every
 * partition has its backup replica, as {@code "2 safe"} or {@code "2 unsafe"}, for the node process tests.
 */
public class ClusterStateServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String state = Hazelcast.getAllHazelcastInstances().stream()
                .filter(instance -> instance.getLifecycleService().isRunning())
                .map(ClusterStateServlet::state).findFirst().orElse("0 unsafe");
        resp.setContentType("text/plain");
        resp.getWriter().write(state);
    }

    private static String state(HazelcastInstance instance) {
        return instance.getCluster().getMembers().size() + (instance.getPartitionService().isClusterSafe() ? " safe" : " unsafe");
    }
}
