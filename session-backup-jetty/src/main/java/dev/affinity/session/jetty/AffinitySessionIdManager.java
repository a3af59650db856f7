package dev.affinity.session.jetty;

import dev.affinity.config.ConfigException;
import dev.affinity.session.BackupCore;
import java.time.Duration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.session.DefaultSessionIdManager;

/**
 * Jetty's session id manager issuing the toolkit's ids: the cluster id is the backup core's random
 * key (32 characters of {@code [A-Za-z0-9_-]}), the extended id the client sees is
 * {@code <key>.<route>} with this node's route ({@code self}), as Tomcat's {@code jvmRoute} and the
 * affinity filter's {@code session} key expect. A request whose id carries another node's route
 * finds the session by its key (loaded from the backup on failover) and is answered the id with
 * this node's route. One per server: the {@link AffinitySessionDataStore} of each context tells it
 * the route when it starts, and how often to look for idle sessions.
 */
public class AffinitySessionIdManager extends DefaultSessionIdManager {
    private volatile String route;

    public AffinitySessionIdManager(Server server) {
        super(server);
    }

    /** Sets this node's route; a second context with another route fails to start. */
    synchronized void useRoute(String nodeRoute) {
        if (route != null && !route.equals(nodeRoute)) {
            throw new ConfigException("self: this server's sessions already carry the route '" + route
                    + "'; another context cannot use '" + nodeRoute + "'");
        }
        route = nodeRoute;
    }

    /** Looks for idle sessions every {@code interval} (Jetty's scavenger counts in whole seconds). */
    void expireEvery(Duration interval) throws Exception {
        long seconds = Math.max(1, (interval.toMillis() + 999) / 1000);
        if (getSessionHouseKeeper().getIntervalSec() != seconds) {
            getSessionHouseKeeper().setIntervalSec(seconds);
        }
    }

    @Override
    public String newSessionId(long seedTerm) {
        return BackupCore.newKey();
    }

    @Override
    public String getWorkerName() {
        String nodeRoute = route;
        return nodeRoute == null ? super.getWorkerName() : nodeRoute;
    }

    @Override
    public String getExtendedId(String clusterId, Request request) {
        String nodeRoute = route;
        return nodeRoute == null ? clusterId : clusterId + "." + nodeRoute;
    }
}
