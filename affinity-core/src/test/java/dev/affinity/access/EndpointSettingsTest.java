package dev.affinity.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each component's status endpoint has settings of its own, which no layer a JVM shares mixes up. */
class EndpointSettingsTest {
    private static final List<String> PREFIXES = List.of("status", "session-status", "balancer-status");

    @Test
    void theStatusPathsOfTheComponentsHaveDistinctEnvironmentNames() {
        Set<String> names = new HashSet<>();
        PREFIXES.forEach(prefix -> names.addAll(EndpointSettings.statusNames(prefix)));
        Set<String> environment = names.stream().map(Settings::environmentName).collect(Collectors.toSet());

        assertThat(environment).hasSameSizeAs(names).contains("AFFINITY_STATUS_PATH", "AFFINITY_SESSION_STATUS_PATH",
                "AFFINITY_BALANCER_STATUS_PATH", "AFFINITY_STATUS_ALLOW");
    }

    @Test
    void aSystemPropertyForOneComponentLeavesTheOthersAlone() {
        Map<String, String> properties = Map.of("affinity.status.path", "/ops/node", "affinity.status.enabled", "true");
        for (String prefix : PREFIXES) {
            Settings settings = Settings.load(Map.of(), EndpointSettings.statusNames(prefix), properties::get, name -> null);
            EndpointSettings endpoint = EndpointSettings.status(settings, prefix, "/default/" + prefix);
            if (prefix.equals("status")) {
                assertThat(endpoint.path()).isEqualTo("/ops/node");
                assertThat(endpoint.enabled()).isTrue();
            } else {
                assertThat(endpoint.path()).as(prefix).isEqualTo("/default/" + prefix);
                assertThat(endpoint.enabled()).as(prefix).isFalse();
            }
        }
    }

    @Test
    void aBadPathNamesTheComponentsSetting() {
        for (String prefix : PREFIXES) {
            Settings settings = Settings.of(Map.of(prefix + ".path", "status?x"), EndpointSettings.statusNames(prefix));
            assertThatThrownBy(() -> EndpointSettings.status(settings, prefix, "/s")).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("affinity setting '" + prefix + ".path' has the invalid value 'status?x'");
        }
    }
}
