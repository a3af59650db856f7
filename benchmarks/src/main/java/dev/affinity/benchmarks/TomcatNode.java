package dev.affinity.benchmarks;

import dev.affinity.testing.FreePorts;
import jakarta.servlet.http.HttpServlet;
import java.io.File;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.Manager;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.ha.ClusterManager;
import org.apache.catalina.ha.session.ClusterSessionListener;
import org.apache.catalina.ha.tcp.ReplicationValve;
import org.apache.catalina.ha.tcp.SimpleTcpCluster;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.tribes.Channel;
import org.apache.catalina.tribes.group.GroupChannel;
import org.apache.catalina.tribes.group.interceptors.MessageDispatchInterceptor;
import org.apache.catalina.tribes.group.interceptors.StaticMembershipInterceptor;
import org.apache.catalina.tribes.group.interceptors.TcpFailureDetector;
import org.apache.catalina.tribes.membership.StaticMember;
import org.apache.catalina.tribes.transport.ReplicationTransmitter;
import org.apache.catalina.tribes.transport.nio.NioReceiver;
import org.apache.catalina.tribes.transport.nio.PooledParallelSender;

/**
 * An embedded Tomcat (the release {@code tomcat-catalina-ha} matches) on 127.0.0.1 serving one
 * webapp, alone or in a Tribes cluster with static membership on loopback: Tomcat's own session
 * replication with {@code DeltaManager} or {@code BackupManager} and the {@code ReplicationValve};
 * or alone with the toolkit's {@code AffinityManager}.
 */
final class TomcatNode implements AutoCloseable {
    private final Tomcat tomcat = new Tomcat();
    private final int port = FreePorts.next();
    private final TribesBytes bytes = new TribesBytes();
    private GroupChannel channel;
    private Manager manager;

    TomcatNode() throws Exception {
        File base = Files.createTempDirectory("tomcat-node").toFile();
        base.deleteOnExit();
        tomcat.setBaseDir(base.getAbsolutePath());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getEngine().setName("engine-" + port);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** What this node's Tribes channel sent (zero without a cluster). */
    TribesBytes sent() {
        return bytes;
    }

    /**
     * Joins a two-member static Tribes cluster: this node receives on {@code tribesPort}, its peer on
     * {@code peerPort}; {@code manager} replicates the sessions ({@code DeltaManager} or {@code BackupManager}).
     */
    TomcatNode cluster(ClusterManager manager, int tribesPort, int self, int peerPort, int peer) throws Exception {
        channel = new GroupChannel();
        channel.setJmxEnabled(false);
        NioReceiver receiver = new NioReceiver();
        receiver.setAddress("127.0.0.1");
        receiver.setPort(tribesPort);
        receiver.setAutoBind(0);
        channel.setChannelReceiver(receiver);
        ReplicationTransmitter sender = new ReplicationTransmitter();
        sender.setTransport(new PooledParallelSender());
        channel.setChannelSender(sender);
        StaticMembershipInterceptor membership = new StaticMembershipInterceptor();
        membership.setLocalMember(member(tribesPort, self));
        membership.addStaticMember(member(peerPort, peer));
        channel.addInterceptor(bytes);
        channel.addInterceptor(new MessageDispatchInterceptor());
        channel.addInterceptor(new TcpFailureDetector());
        channel.addInterceptor(membership);
        SimpleTcpCluster cluster = new SimpleTcpCluster();
        cluster.setChannel(channel);
        cluster.setChannelStartOptions(Channel.SND_RX_SEQ | Channel.SND_TX_SEQ);
        cluster.setManagerTemplate(manager);
        cluster.addValve(new ReplicationValve());
        cluster.addClusterListener(new ClusterSessionListener());
        tomcat.getEngine().setCluster(cluster);
        return this;
    }

    private static StaticMember member(int port, int id) throws Exception {
        StaticMember member = new StaticMember();
        member.setHost("127.0.0.1");
        member.setPort(port);
        member.setDomain("affinity-bench");
        member.setUniqueId("{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0," + id + "}");
        return member;
    }

    /** Keeps the sessions of the webapp {@link #serve} starts with {@code manager} (the toolkit's {@code AffinityManager}). */
    TomcatNode manager(Manager manager) {
        this.manager = manager;
        return this;
    }

    /** Serves {@code app} at the root with container sessions (distributable when clustered, or under the manager given) and starts. */
    TomcatNode serve(HttpServlet app) throws Exception {
        Context context = tomcat.addContext("", null);
        if (manager != null) {
            context.setManager(manager);
        }
        context.setDistributable(channel != null);
        Tomcat.addServlet(context, "app", app);
        context.addServletMappingDecoded("/*", "app");
        tomcat.start();
        return this;
    }

    /** Whether this node's Tribes channel counts its peer as a member. */
    boolean seesPeer() {
        return channel != null && channel.getMembers().length > 0;
    }

    @Override
    public void close() throws Exception {
        if (tomcat.getServer().getState() != LifecycleState.DESTROYED) {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
