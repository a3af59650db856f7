package dev.affinity.it.nemesis;

import com.sun.tools.attach.VirtualMachine;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Stops only the Hazelcast member embedded in a node process, leaving the node serving: Hazelcast's
 * own {@code HazelcastInstance} MBean (the member runs with {@code hazelcast.jmx=true}) is told to
 * shut down, reached through the JDK's local attach mechanism, so no JMX port is opened anywhere.
 */
final class MemberJmx {
    private MemberJmx() {
    }

    /** Shuts down every Hazelcast member of process {@code pid} (gracefully: Hazelcast's MBean offers no crash). */
    static void shutdownMember(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
        try {
            String address = vm.startLocalManagementAgent();
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                Set<ObjectName> members = server.queryNames(new ObjectName("com.hazelcast:type=HazelcastInstance,*"), null);
                if (members.isEmpty()) {
                    throw new IllegalStateException("process " + pid + " has no Hazelcast member MBean: is hazelcast.jmx=true set?");
                }
                for (ObjectName member : members) {
                    server.invoke(member, "shutdown", new Object[0], new String[0]);
                }
            }
        } finally {
            vm.detach();
        }
    }
}
