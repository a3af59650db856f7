package dev.affinity.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A loopback-only Hazelcast cluster for tests: a unique cluster name, members on free ports of
 * 127.0.0.1 joined by TCP-IP (multicast and auto-detection off, phone-home off), each member's
 * configuration written as a standard Hazelcast YAML file.
 */
public final class TestCluster {
    private final String name = "affinity-test-" + UUID.randomUUID();
    private final List<Integer> ports = new ArrayList<>();
    private final Path dir;

    public TestCluster(int members) {
        try {
            dir = Files.createTempDirectory("affinity-hz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < members; i++) {
            ports.add(freePort());
        }
    }

    /** The YAML member configuration of member {@code index}. */
    public Path memberConfig(int index) {
        String members = ports.stream().map(p -> "          - 127.0.0.1:" + p).collect(Collectors.joining("\n"));
        String yaml = """
                hazelcast:
                  cluster-name: %s
                  properties:
                    hazelcast.phone.home.enabled: false
                    hazelcast.logging.type: slf4j
                    hazelcast.wait.seconds.before.join: 0
                    hazelcast.max.wait.seconds.before.join: 0
                    hazelcast.merge.first.run.delay.seconds: 2
                    hazelcast.merge.next.run.delay.seconds: 2
                    hazelcast.graceful.shutdown.max.wait: 3
                  network:
                    port:
                      port: %d
                      auto-increment: false
                    interfaces:
                      enabled: true
                      interfaces:
                        - 127.0.0.1
                    join:
                      auto-detection:
                        enabled: false
                      multicast:
                        enabled: false
                      tcp-ip:
                        enabled: true
                        member-list:
                %s
                """.formatted(name, ports.get(index), members);
        return write("member-" + index + ".yaml", yaml);
    }

    /** The same member configuration as an XML file. */
    Path memberConfigXml(int index) {
        String members = ports.stream().map(p -> "          <member>127.0.0.1:" + p + "</member>").collect(Collectors.joining("\n"));
        String xml = """
                <hazelcast xmlns="http://www.hazelcast.com/schema/config">
                  <cluster-name>%s</cluster-name>
                  <properties>
                    <property name="hazelcast.phone.home.enabled">false</property>
                    <property name="hazelcast.logging.type">slf4j</property>
                    <property name="hazelcast.wait.seconds.before.join">0</property>
                  </properties>
                  <network>
                    <port auto-increment="false">%d</port>
                    <interfaces enabled="true"><interface>127.0.0.1</interface></interfaces>
                    <join>
                      <auto-detection enabled="false"/>
                      <multicast enabled="false"/>
                      <tcp-ip enabled="true">
                %s
                      </tcp-ip>
                    </join>
                  </network>
                </hazelcast>
                """.formatted(name, ports.get(index), members);
        return write("member-" + index + ".xml", xml);
    }

    /** The member address of member {@code index}. */
    String address(int index) {
        return "127.0.0.1:" + ports.get(index);
    }

    /** A YAML client configuration for this cluster, with bounded connection attempts. */
    Path clientConfig() {
        String members = ports.stream().map(p -> "      - 127.0.0.1:" + p).collect(Collectors.joining("\n"));
        String yaml = """
                hazelcast-client:
                  cluster-name: %s
                  properties:
                    hazelcast.phone.home.enabled: false
                    hazelcast.logging.type: slf4j
                  network:
                    cluster-members:
                %s
                  connection-strategy:
                    connection-retry:
                      cluster-connect-timeout-millis: 2000
                      initial-backoff-millis: 200
                      max-backoff-millis: 500
                """.formatted(name, members);
        return write("client.yaml", yaml);
    }

    private Path write(String file, String content) {
        try {
            return Files.writeString(dir.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
