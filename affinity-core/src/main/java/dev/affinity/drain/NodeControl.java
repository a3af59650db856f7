package dev.affinity.drain;

import dev.affinity.logging.Log;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/** A node's drain state over JMX, in the platform MBean server while the node runs. */
public final class NodeControl implements NodeControlMBean, AutoCloseable {
    private static final Log LOG = Log.of(NodeControl.class);

    private final NodeDrain drain;
    private final ObjectName name;
    private final boolean registered;

    private NodeControl(NodeDrain drain, ObjectName name, boolean registered) {
        this.drain = drain;
        this.name = name;
        this.registered = registered;
    }

    /** The object name of node {@code node}'s MBean (node names never need quoting: see {@code MemberListParser.NAME}). */
    public static ObjectName objectName(String node) {
        try {
            return new ObjectName("dev.affinity:type=Node,name=" + node);
        } catch (JMException e) {
            throw new IllegalArgumentException("no MBean name for node " + node, e);
        }
    }

    /** Registers node {@code node}'s MBean; a name taken already (another webapp of this JVM) is logged and skipped. */
    public static NodeControl register(NodeDrain drain, String node) {
        ObjectName name = objectName(node);
        try {
            NodeControl control = new NodeControl(drain, name, true);
            ManagementFactory.getPlatformMBeanServer().registerMBean(control, name);
            return control;
        } catch (JMException | SecurityException e) {
            LOG.warn("affinity: the drain MBean {} is not registered: {}", name, e.toString());
            return new NodeControl(drain, name, false);
        }
    }

    @Override
    public void drain() {
        drain.drain();
    }

    @Override
    public boolean drainAndAwait() {
        return drain.drainAndAwait();
    }

    @Override
    public void undrain() {
        drain.undrain();
    }

    @Override
    public String getState() {
        return drain.state();
    }

    @Override
    public int getSessions() {
        return drain.sessions();
    }

    @Override
    public int getRequestsInFlight() {
        return drain.requests();
    }

    /** Unregisters the MBean, if this registered it. */
    @Override
    public void close() {
        if (!registered) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            LOG.debug("affinity: the drain MBean {} was gone already", name);
        }
    }
}
