package dev.affinity.it.matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Member configurations (Hazelcast XML) of one loopback-only cluster: a cluster name unique to the
 * run, each member on its own free port of 127.0.0.1, TCP-IP join with every member listed,
 * multicast, auto-detection and phone-home off, and the session map kept with one synchronous backup.
 */
public final class LoopbackHazelcast {
    /** The session-backup filter's default map. */
    public static final String SESSION_MAP = "affinity-sessions";

    private final String clusterName = "affinity-it-" + UUID.randomUUID();
    private final List<Integer> ports = new ArrayList<>();

    /** A cluster of {@code members} members. */
    public LoopbackHazelcast(int members) {
        for (int i = 0; i < members; i++) {
            ports.add(FreePorts.next());
        }
    }

    /** Writes member {@code index}'s configuration into {@code dir}. */
    public Path memberConfig(int index, Path dir) throws IOException {
        String memberList = ports.stream().map(p -> "          <member>127.0.0.1:" + p + "</member>")
                .collect(Collectors.joining("\n"));
        String xml = """
                <hazelcast xmlns="http://www.hazelcast.com/schema/config">
                  <cluster-name>%s</cluster-name>
                  <properties>
                    <property name="hazelcast.phone.home.enabled">false</property>
                    <property name="hazelcast.logging.type">slf4j</property>
                    <property name="hazelcast.wait.seconds.before.join">0</property>
                    <property name="hazelcast.max.wait.seconds.before.join">0</property>
                    <property name="hazelcast.graceful.shutdown.max.wait">5</property>
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
                  <map name="%s">
                    <backup-count>1</backup-count>
                    <async-backup-count>0</async-backup-count>
                  </map>
                </hazelcast>
                """.formatted(clusterName, ports.get(index), memberList, SESSION_MAP);
        Path file = dir.resolve("hazelcast-" + index + ".xml");
        Files.createDirectories(dir);
        Files.writeString(file, xml);
        return file;
    }
}
