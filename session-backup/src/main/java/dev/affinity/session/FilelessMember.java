package dev.affinity.session;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import dev.affinity.routing.Member;
import dev.affinity.session.protection.FarmKeys;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded Hazelcast member when no {@code hazelcast.config} is given, closed by default: it
 * listens only on this node's own address (the host of its base URL: loopback for the launchers'
 * default), joins by TCP-IP the hosts of the static {@code members} list and nothing else
 * (multicast and auto-detection off), never phones home, and its cluster name is derived from the
 * farm secret, so farms with different secrets never merge and the name is nowhere to be seen.
 * Members take the first free port of {@code hazelcast.port} and the next ones, as many as the most
 * nodes the list puts on one host.
 *
 * @param clusterName the cluster name derived from the secret
 * @param bindAddress the IP address of this node's host, the only one the member listens on
 * @param peers the IP addresses of the members' hosts
 * @param port the first port a member tries
 * @param portCount how many ports from {@code port} a member tries, and a joiner tries on each host
 */
record FilelessMember(String clusterName, String bindAddress, List<String> peers, int port, int portCount) {
    /** The settings this class reads besides {@code members}, {@code self} and {@code secret}. */
    static final String PORT = "hazelcast.port";

    /**
     * The member of this node.
     *
     * @throws ConfigException when the settings do not say which host this node and its peers are on
     */
    static FilelessMember from(Settings s) {
        if (s.raw("members").filter(m -> !m.contains("://")).isPresent()) {
            throw new ConfigException("affinity setting 'hazelcast.config' is required with members=" + s.raw("members").get()
                    + ": accepted: a Hazelcast member YAML or XML file naming the cluster and how members find each other "
                    + "(without one the embedded member joins only the hosts of a static members list)");
        }
        NodeSelf self = NodeSelf.from(s);
        String host = self.host().orElseThrow(() -> new ConfigException("affinity setting 'members' is needed when "
                + "'hazelcast.config' is not set: accepted: the static list of every node's base URL, so the embedded "
                + "Hazelcast member listens on this node's host only and joins the other nodes' hosts (or set self to this "
                + "node's base URL, or give a Hazelcast file in hazelcast.config)"));
        List<Member> members = self.members();
        Map<String, Integer> perHost = new HashMap<>();
        List<String> peers = new ArrayList<>();
        for (Member member : members) {
            String address = address(member.baseUrl().getHost(), "members");
            if (perHost.merge(address, 1, Integer::sum) == 1) {
                peers.add(address);
            }
        }
        String bindAddress = address(host, members.isEmpty() ? "self" : "members");
        if (peers.isEmpty()) {
            peers.add(bindAddress);
        }
        int portCount = perHost.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        int port = s.integer(PORT, 5701, 1, 65535 - portCount + 1);
        return new FilelessMember(FarmKeys.derive(FarmSecret.current(s)).clusterName(), bindAddress, List.copyOf(peers), port, portCount);
    }

    private static String address(String host, String setting) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw ConfigException.invalid(setting, host, "base URLs whose hosts resolve (unknown host " + host + ")");
        }
    }

    /** The Hazelcast member configuration. */
    Config config() {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        // no shutdown hook of Hazelcast's own: on SIGTERM it would make the member leave while the container still ends its
        // requests and the session filter hands its sessions over and flushes its writes; the webapp that started the
        // member shuts it down when it stops, gracefully (its partitions move before it goes)
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.tcp.join.port.try.count", String.valueOf(portCount));
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(portCount > 1).setPortCount(portCount);
        network.getInterfaces().setEnabled(true).setInterfaces(List.of(bindAddress));
        network.getMemcacheProtocolConfig().setEnabled(false);
        JoinConfig join = network.getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        join.getMulticastConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(peers);
        config.getJetConfig().setEnabled(false);
        return config;
    }
}
