package dev.affinity.benchmarks;

import com.hazelcast.config.Config;
import com.hazelcast.config.ConfigXmlGenerator;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A Hazelcast cluster on 127.0.0.1 for the session benchmark: a unique cluster name, members on
 * free ports joined by TCP-IP, multicast and auto-detection off, phone-home off. A member of a
 * session filter is configured by a standard Hazelcast XML file generated from the same settings.
 */
final class LoopbackHazelcast {
    private final String name = "affinity-bench-" + UUID.randomUUID();
    private final List<Integer> ports = new ArrayList<>();

    LoopbackHazelcast(int members) throws IOException {
        for (int i = 0; i < members; i++) {
            ports.add(ExternalServer.freePort());
        }
    }

    /** The configuration file of member {@code index}, for the session filter's {@code hazelcast.config}. */
    Path memberConfig(int index) throws IOException {
        Path file = Files.createTempFile("affinity-bench-hazelcast", ".xml");
        file.toFile().deleteOnExit();
        Files.writeString(file, new ConfigXmlGenerator(true).generate(config(index)));
        return file;
    }

    /** Starts member {@code index} in this JVM. */
    HazelcastInstance start(int index) {
        return Hazelcast.newHazelcastInstance(config(index));
    }

    private Config config(int index) {
        Config config = new Config();
        config.setClusterName(name);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(ports.get(index)).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getAutoDetectionConfig().setEnabled(false);
        join.getMulticastConfig().setEnabled(false);
        TcpIpConfig tcpIp = join.getTcpIpConfig().setEnabled(true);
        ports.forEach(port -> tcpIp.addMember("127.0.0.1:" + port));
        return config;
    }
}
