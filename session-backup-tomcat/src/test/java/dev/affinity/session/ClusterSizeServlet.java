package dev.affinity.session;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Answers the size of the Hazelcast cluster of this JVM's member (the manager's), for the node process tests. */
public class ClusterSizeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int size = Hazelcast.getAllHazelcastInstances().stream().mapToInt(ClusterSizeServlet::size).max().orElse(0);
        resp.setContentType("text/plain");
        resp.getWriter().write(String.valueOf(size));
    }

    private static int size(HazelcastInstance instance) {
        return instance.getLifecycleService().isRunning() ? instance.getCluster().getMembers().size() : 0;
    }
}
