package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.config.YamlConfigBuilder;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The Hazelcast files shipped in {@code docs/} are valid, closed by default, guarded against split
 * brains, agree with each other, and allow the classes a node allows itself.
 */
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

    @Test
    void theSampleMemberConfirmsNothingInAMinorityAndMergesByVersion() throws Exception {
        Config member = new YamlConfigBuilder(Files.newInputStream(DOCS.resolve("hazelcast-member.yaml"))).build();
        MapConfig map = member.getMapConfig("affinity-sessions");
        assertThat(map.getSplitBrainProtectionName()).as("the session map's split-brain-protection-ref").isNotNull();

        SplitBrainProtectionConfig protection = member.getSplitBrainProtectionConfig(map.getSplitBrainProtectionName());
        assertThat(protection.isEnabled()).isTrue();
        assertThat(protection.getProtectOn()).isEqualTo(SplitBrainProtectionOn.READ_WRITE);
        assertThat(protection.getMinimumClusterSize()).isEqualTo(member.getNetworkConfig().getJoin().getTcpIpConfig().getMembers().size() / 2 + 1);
        assertThat(map.getMergePolicyConfig().getPolicy()).isEqualTo(SessionMergePolicy.class.getName());
    }

    @Test
    void theSampleFilesAllowTheClassesANodeAllowsItself() throws Exception {
        SerializationConfig own = new SerializationConfig();
        JavaSerializationAllowList.apply(own);
        JavaSerializationFilterConfig expected = own.getJavaSerializationFilterConfig();

        Config member = new YamlConfigBuilder(Files.newInputStream(DOCS.resolve("hazelcast-member.yaml"))).build();
        ClientConfig client = new YamlClientConfigBuilder(Files.newInputStream(DOCS.resolve("hazelcast-client.yaml"))).build();
        assertThat(member.getSerializationConfig().getJavaSerializationFilterConfig()).isEqualTo(expected);
        assertThat(client.getSerializationConfig().getJavaSerializationFilterConfig()).isEqualTo(expected);
    }

    @Test
    void aFileThatNamesItsOwnFilterKeepsIt() {
        JavaSerializationFilterConfig own = new JavaSerializationFilterConfig();
        own.getWhitelist().addClasses("com.example.Cart");
        SerializationConfig serialization = new SerializationConfig().setJavaSerializationFilterConfig(own);

        JavaSerializationAllowList.apply(serialization);

        assertThat(serialization.getJavaSerializationFilterConfig().getWhitelist().getClasses()).containsExactly("com.example.Cart");
    }
}
