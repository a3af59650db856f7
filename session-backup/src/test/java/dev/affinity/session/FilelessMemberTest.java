package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.session.protection.FarmKeys;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<JettyNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (JettyNode node : nodes) {
            node.close();
        }
    }

    @Test
    void theMemberListensOnTheNodesHostOnly() throws Exception {
        Assumptions.assumeTrue(ListeningSockets.readable(), "this machine has no /proc/net/tcp to read listening sockets from");
        String secret = "fileless-" + UUID.randomUUID();
        Farm farm = new Farm(2, TestCluster.freePortRange(2));
        JettyNode node = start(farm, 0, secret);

        int port = member(secret).getCluster().getLocalMember().getAddress().getPort();
        assertThat(port).isBetween(farm.hazelcastPort, farm.hazelcastPort + 1);
        assertThat(ListeningSockets.on(port)).as("addresses listening on the member's port " + port)
                .containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(new Browser().call(node.baseUrl(), "op=set&name=a&value=1")).isEqualTo("ok");
    }

    @Test
    void twoFarmsSideBySideWithDifferentSecretsDoNotMerge() throws Exception {
        int hazelcastPort = TestCluster.freePortRange(3);
        String first = "farm-one-" + UUID.randomUUID();
        String second = "farm-two-" + UUID.randomUUID();
        Farm one = new Farm(3, hazelcastPort);
        Farm two = new Farm(3, hazelcastPort);
        JettyNode x = start(one, 0, first);
        JettyNode p = start(two, 0, second);
        JettyNode y = start(one, 1, first);

        await().atMost(Duration.ofSeconds(60)).until(() -> clusterSize(x) == 2 && clusterSize(y) == 2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> clusterSize(p) == 1 && clusterSize(x) == 2);
        assertThat(member(second).getCluster().getLocalMember().getAddress().getPort())
                .as("the other farm's member listens on a port the first farm's members try").isBetween(hazelcastPort, hazelcastPort + 2);
        assertThat(member(first).getCluster().getMembers()).hasSize(2);
        assertThat(member(second).getCluster().getMembers()).hasSize(1);
    }

    private JettyNode start(Farm farm, int index, String secret) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("members", farm.members(), "self", "n" + index, "secret", secret,
                "hazelcast.port", String.valueOf(farm.hazelcastPort), "status.enabled", "true"));
        JettyNode node = new JettyNode(farm.httpPorts.get(index), settings);
        nodes.add(node);
        return node;
    }

    private static HazelcastInstance member(String secret) {
        String cluster = FarmKeys.derive(secret).clusterName();
        return Hazelcast.getAllHazelcastInstances().stream().filter(i -> i.getConfig().getClusterName().equals(cluster))
                .findFirst().orElseThrow(() -> new AssertionError("no member of cluster " + cluster));
    }

    private static int clusterSize(Node node) throws Exception {
        return JSON.readTree(Browser.fetch(node.baseUrl(), "/affinity/session-status")).get("clusterSize").asInt();
    }

    /** A farm of nodes on 127.0.0.1, on free HTTP ports, whose members take ports from {@code hazelcastPort} on. */
    private static final class Farm {
        final List<Integer> httpPorts = new ArrayList<>();
        final int hazelcastPort;

        Farm(int size, int hazelcastPort) {
            this.hazelcastPort = hazelcastPort;
            for (int i = 0; i < size; i++) {
                httpPorts.add(TestCluster.freePort());
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
