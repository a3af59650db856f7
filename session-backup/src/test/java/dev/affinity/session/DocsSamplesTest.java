package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.YamlConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Hazelcast files shipped in {@code docs/} are valid, closed by default and agree with each other. */
class DocsSamplesTest {
    private static final Path DOCS = Path.of("..", "docs");

    @Test
    void theSampleMemberIsClosedAndTheSampleClientFindsIt() throws Exception {
        Config member = new YamlConfigBuilder(Files.newInputStream(DOCS.resolve("hazelcast-member.yaml"))).build();
        JoinConfig join = member.getNetworkConfig().getJoin();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(member.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
        assertThat(member.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        assertThat(member.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(member.getMapConfig("affinity-sessions").getBackupCount()).isEqualTo(1);

        ClientConfig client = new YamlClientConfigBuilder(Files.newInputStream(DOCS.resolve("hazelcast-client.yaml"))).build();
        assertThat(client.getClusterName()).isEqualTo(member.getClusterName());
        assertThat(client.getNetworkConfig().getAddresses()).hasSize(join.getTcpIpConfig().getMembers().size());
    }
}
