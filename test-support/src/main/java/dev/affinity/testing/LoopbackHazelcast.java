package dev.affinity.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Configuration files of one loopback-only Hazelcast cluster for tests: a cluster name unique to
 * the run, each member on its own free port of 127.0.0.1 (no auto-increment), TCP-IP join with every
 * member listed one by one, multicast and auto-detection off, phone-home off, logging through SLF4J,
 * no wait before joining, a join given up after 60 s (not 300), split-brain merges tried every 2 s and a graceful shutdown bounded to 5 s.
 * Members are written as standard Hazelcast YAML or XML files, clients as YAML. The nodes on the
 * cluster share a farm secret unique to the run. The files are in a temporary directory, deleted on
 * {@link #close}: close it once no member or client reads them any more.
 */
public final class LoopbackHazelcast implements AutoCloseable {
    private final String clusterName = "affinity-test-" + UUID.randomUUID();
    private final String secret = "test-secret-" + UUID.randomUUID();
    private final List<Integer> ports = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Path dir;

    /** A cluster of {@code members} members. */
    public LoopbackHazelcast(int members) {
        for (int i = 0; i < members; i++) {
            ports.add(FreePorts.next());
        }
        properties.put("hazelcast.phone.home.enabled", "false");
        properties.put("hazelcast.logging.type", "slf4j");
        properties.put("hazelcast.wait.seconds.before.join", "0");
        properties.put("hazelcast.max.wait.seconds.before.join", "0");
        properties.put("hazelcast.max.join.seconds", "60");
        properties.put("hazelcast.merge.first.run.delay.seconds", "2");
        properties.put("hazelcast.merge.next.run.delay.seconds", "2");
        properties.put("hazelcast.graceful.shutdown.max.wait", "5");
        try {
            dir = Files.createTempDirectory("affinity-hz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The farm secret ({@code secret} setting) of the nodes on this cluster. */
    public String secret() {
        return secret;
    }

    /** Writes member {@code index}'s configuration as YAML; answers the file. */
    public Path memberYaml(int index) {
        String props = properties.entrySet().stream().map(e -> "    " + e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n"));
        String members = ports.stream().map(p -> "          - 127.0.0.1:" + p).collect(Collectors.joining("\n"));
        return write("member-" + index + ".yaml", """
                hazelcast:
                  cluster-name: %s
                  properties:
                %s
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
                """.formatted(clusterName, props, ports.get(index), members));
    }

    /** Writes member {@code index}'s configuration as XML; answers the file. */
    public Path memberXml(int index) {
        String props = properties.entrySet().stream()
                .map(e -> "    <property name=\"" + e.getKey() + "\">" + e.getValue() + "</property>")
                .collect(Collectors.joining("\n"));
        String members = ports.stream().map(p -> "          <member>127.0.0.1:" + p + "</member>").collect(Collectors.joining("\n"));
        return write("member-" + index + ".xml", """
                <hazelcast xmlns="http://www.hazelcast.com/schema/config">
                  <cluster-name>%s</cluster-name>
                  <properties>
                %s
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
                """.formatted(clusterName, props, ports.get(index), members));
    }

    /** The member address ({@code 127.0.0.1:port}) of member {@code index}. */
    public String address(int index) {
        return "127.0.0.1:" + ports.get(index);
    }

    /** Writes a YAML client configuration for this cluster, with bounded connection attempts; answers the file. */
    public Path clientYaml() {
        String members = ports.stream().map(p -> "      - 127.0.0.1:" + p).collect(Collectors.joining("\n"));
        return write("client.yaml", """
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
                """.formatted(clusterName, members));
    }

    /** Deletes the configuration files written. */
    @Override
    public void close() {
        FileTrees.delete(dir);
    }

    private Path write(String file, String content) {
        try {
            return Files.writeString(dir.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
