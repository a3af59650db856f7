package dev.affinity.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affinity.config.ConfigException;
import org.junit.jupiter.api.Test;

class AllowedAddressesTest {

    @Test
    void theDefaultIsThisMachineOnly() {
        AllowedAddresses loopback = AllowedAddresses.parse("status.allow", AllowedAddresses.LOOPBACK);
        assertThat(loopback.allows("127.0.0.1")).isTrue();
        assertThat(loopback.allows("127.255.0.9")).isTrue();
        assertThat(loopback.allows("::1")).isTrue();
        assertThat(loopback.allows("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(loopback.allows("[::1]")).isTrue();
        assertThat(loopback.allows("::ffff:127.0.0.1")).as("IPv4 written as IPv6").isTrue();
        assertThat(loopback.allows("10.0.0.1")).isFalse();
        assertThat(loopback.allows("128.0.0.1")).isFalse();
        assertThat(loopback.allows("::2")).isFalse();
        assertThat(loopback.allows(null)).isFalse();
        assertThat(loopback.allows("localhost")).as("a name is never looked up").isFalse();
    }

    @Test
    void blocksMatchOnTheirPrefixOnly() {
        AllowedAddresses list = AllowedAddresses.parse("status.allow", " 10.1.0.0/16, 192.168.1.7 ,fd00::/8, 172.16.0.0/12");
        assertThat(list.allows("10.1.200.3")).isTrue();
        assertThat(list.allows("10.2.0.1")).isFalse();
        assertThat(list.allows("192.168.1.7")).isTrue();
        assertThat(list.allows("192.168.1.8")).isFalse();
        assertThat(list.allows("fd12:3456::1")).isTrue();
        assertThat(list.allows("fe80::1%eth0")).isFalse();
        assertThat(list.allows("172.31.255.255")).isTrue();
        assertThat(list.allows("172.32.0.0")).isFalse();
        assertThat(AllowedAddresses.parse("status.allow", "0.0.0.0/0").allows("8.8.8.8")).isTrue();
    }

    @Test
    void anythingButAddressesAndBlocksIsRefusedNamingTheSetting() {
        for (String bad : new String[] {"localhost", "10.0.0.0/33", "::1/129", "10.0.0.256", "10.0.0", "10.0.0.0/x", ",", "1.2.3.4/-1", "::g"}) {
            assertThatThrownBy(() -> AllowedAddresses.parse("status.allow", bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("'status.allow'").hasMessageContaining("CIDR");
        }
    }
}
