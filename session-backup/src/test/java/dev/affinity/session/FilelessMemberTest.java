package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.session.protection.FarmKeys;
import dev.affinity.testing.Browser;
import dev.affinity.testing.FreePorts;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * With no {@code hazelcast.config} the embedded member is closed by default: it listens on the
 * node's own address only, and joins only nodes of its own farm (a cluster name derived from the
 * secret), even when another farm's member answers on the ports it tries.
 */
class FilelessMemberTest {
    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Node node : nodes) {
            node.close();
        }
    }

    @Test
    void theMemberListensOnTheNodesHostOnly() throws Exception {
        Assumptions.assumeTrue(ListeningSockets.readable(), "this machine has no /proc/net/tcp to read listening sockets from");
        String secret = "fileless-" + UUID.randomUUID();
        Farm farm = new Farm(2, FreePorts.range(2));
        Node node = start(farm, 0, secret, Map.of("hazelcast.quorum", "1"));

        int port = member(secret).getCluster().getLocalMember().getAddress().getPort();
        assertThat(port).isBetween(farm.hazelcastPort, farm.hazelcastPort + 1);
        assertThat(ListeningSockets.on(port)).as("addresses listening on the member's port " + port)
                .containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(new Browser().get(SessionServlet.at(node.baseUrl(), "op=set&name=a&value=1")).okBody()).isEqualTo("ok");
    }

    @Test
    void twoFarmsSideBySideWithDifferentSecretsDoNotMerge() throws Exception {
        int hazelcastPort = FreePorts.range(3);
        String first = "farm-one-" + UUID.randomUUID();
        String second = "farm-two-" + UUID.randomUUID();
        Farm one = new Farm(3, hazelcastPort);
        Farm two = new Farm(3, hazelcastPort);
        Node x = start(one, 0, first);
        Node p = start(two, 0, second);
        Node y = start(one, 1, first);

        await().atMost(Duration.ofSeconds(60)).until(() -> clusterSize(x) == 2 && clusterSize(y) == 2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> clusterSize(p) == 1 && clusterSize(x) == 2);
        assertThat(member(second).getCluster().getLocalMember().getAddress().getPort())
                .as("the other farm's member listens on a port the first farm's members try").isBetween(hazelcastPort, hazelcastPort + 2);
        assertThat(member(first).getCluster().getMembers()).hasSize(2);
        assertThat(member(second).getCluster().getMembers()).hasSize(1);
    }

    private Node start(Farm farm, int index, String secret) throws Exception {
        return start(farm, index, secret, Map.of());
    }

    /** Starts node {@code index}; {@code extra} settings (e.g. {@code hazelcast.quorum=1} for a node writing alone). */
    private Node start(Farm farm, int index, String secret, Map<String, String> extra) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("members", farm.members(), "self", "n" + index, "secret", secret,
                "hazelcast.port", String.valueOf(farm.hazelcastPort), "session-status.enabled", "true"));
        settings.putAll(extra);
        Node node = Node.onJetty(farm.httpPorts.get(index), settings);
        nodes.add(node);
        return node;
    }

    private static HazelcastInstance member(String secret) {
        String cluster = FarmKeys.derive(secret).clusterName();
        return Hazelcast.getAllHazelcastInstances().stream().filter(i -> i.getConfig().getClusterName().equals(cluster))
                .findFirst().orElseThrow(() -> new AssertionError("no member of cluster " + cluster));
    }

    private static int clusterSize(Node node) {
        return node.status().get("clusterSize").asInt();
    }

    /** A farm of nodes on 127.0.0.1, on free HTTP ports, whose members take ports from {@code hazelcastPort} on. */
    private static final class Farm {
        final List<Integer> httpPorts = new ArrayList<>();
        final int hazelcastPort;

        Farm(int size, int hazelcastPort) {
            this.hazelcastPort = hazelcastPort;
            for (int i = 0; i < size; i++) {
                httpPorts.add(FreePorts.next());
            }
        }

        String members() {
            List<String> entries = new ArrayList<>();
            for (int i = 0; i < httpPorts.size(); i++) {
                entries.add("http://127.0.0.1:" + httpPorts.get(i) + ";name=n" + i);
            }
            return String.join(",", entries);
        }
    }
}
