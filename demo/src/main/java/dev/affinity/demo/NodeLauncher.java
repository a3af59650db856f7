package dev.affinity.demo;

import dev.affinity.routing.MemberListParser;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.eclipse.jetty.server.Server;

/**
 * {@code java -jar affinity-node.jar --port P --members URL,URL,…|hazelcast}: one demo node, an
 * embedded Jetty 12 running the sample WAR (both filters) whose embedded Hazelcast member listens
 * on the node's host and joins its peers there; or, with {@code --gateway}, a gateway in front of them. Options become affinity settings (system
 * properties), so everything the README lists can also be passed with {@code --set NAME=VALUE}.
 * On {@code SIGTERM} the node drains before its server stops (see docs/operations.md).
 */
public final class NodeLauncher {
    static final String USAGE = """
            usage: java -jar affinity-node.jar --port P --members URL,URL,...|hazelcast [--name NAME] [--host 127.0.0.1]
                                               [--gateway] [--parent-pid PID] [--set SETTING=VALUE]...
              --port     the HTTP port of this node
              --members  every node's base URL (http://127.0.0.1:8081;name=node1,...), or hazelcast
                         (then also --set hazelcast.config=FILE, a Hazelcast member file)
              --name     this node's name, as in --members (default: host and port, e.g. 127-0-0-1-8081)
              --host     the address to listen on (default 127.0.0.1)
              --gateway  run a gateway in front of --members instead of a node: no webapp, no Hazelcast, it
                         forwards every request to the member that owns its key (--name default: gateway)
              --parent-pid  stop this node when the process PID ends, however it ends (the demo launcher passes its own)
              --set      any affinity setting, e.g. --set strategy=maglev (the cluster secret comes from AFFINITY_SECRET)""";

    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
    /** Set when the parent process ended: the whole farm stops, so this node does not drain. */
    private static volatile boolean parentEnded;

    private NodeLauncher() {
    }

    public static void main(String[] args) throws Exception {
        LauncherArguments arguments;
        try {
            arguments = LauncherArguments.parse(args, Set.of("port", "members", "name", "host", "parent-pid"), Set.of("gateway"), USAGE);
            arguments.required("members", USAGE);
            arguments.required("port", USAGE);
            arguments.pid("parent-pid").ifPresent(NodeLauncher::exitWith);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Server server = start(arguments);
        server.join();
    }

    /**
     * Stops this node when process {@code pid} ends, or at once when it has already ended: a demo's
     * nodes never outlive their launcher, even one killed with {@code kill -9}. The node stops through
     * its shutdown hooks, for at most {@link #STOP_GRACE}: its peers are stopping too, so nothing
     * waits for a graceful hand-over.
     */
    private static void exitWith(long pid) {
        ProcessHandle parent = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalArgumentException("--parent-pid " + pid + ": no such process"));
        parent.onExit().thenRun(() -> {
            System.out.println("process " + pid + " ended: stopping this node");
            parentEnded = true;
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(STOP_GRACE.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(1);
            }, "affinity-node-halt");
            halt.setDaemon(true);
            halt.start();
            System.exit(0);
        });
    }

    static Server start(LauncherArguments arguments) throws Exception {
        String host = arguments.get("host", "127.0.0.1");
        int port = arguments.port("port", 0);
        String members = arguments.get("members", "");
        if (arguments.flag("gateway")) {
            System.setProperty("affinity.members", members);
            System.setProperty("affinity.gateway", "true");
            System.setProperty("affinity.self", arguments.get("name", "gateway"));
            arguments.settings().forEach((setting, value) -> System.setProperty("affinity." + setting, value));
            return EmbeddedGateway.start(host, port);
        }
        String name = arguments.get("name", MemberListParser.defaultName(URI.create("http://" + host + ":" + port)));
        System.setProperty("affinity.members", members);
        System.setProperty("affinity.self", members.equals("hazelcast") ? "http://" + host + ":" + port + ";name=" + name : name);
        arguments.settings().forEach((setting, value) -> System.setProperty("affinity." + setting, value));
        Server server = EmbeddedWar.start("sample", host, port);
        server.setStopAtShutdown(false);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drainThenStop(server), "affinity-node-stop"));
        return server;
    }

    /**
     * A graceful stop ({@code SIGTERM}): the node drains while it still accepts connections (its
     * sessions handed over, its requests ended, at most {@code drain.timeout}), then the server
     * stops. When its parent ended, the server stops at once.
     */
    private static void drainThenStop(Server server) {
        if (!parentEnded) {
            drain();
        }
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("this node did not stop cleanly: " + e);
        }
    }

    private static void drain() {
        MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
        try {
            for (ObjectName node : beans.queryNames(new ObjectName("dev.affinity:type=Node,*"), null)) {
                beans.invoke(node, "drainAndAwait", null, null);
            }
        } catch (JMException e) {
            System.err.println("this node could not drain before stopping: " + e);
        }
    }

}
