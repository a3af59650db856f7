package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import dev.affinity.routing.NoKeyPolicy;
import dev.affinity.routing.Routing;
import dev.affinity.routing.RoutingSettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A gateway's settings: off by default; a static member list; a name none of the members has; the routers' no-key choices. */
class GatewaySettingsTest {
    private static final String MEMBERS = "http://10.0.0.1:8080;name=a,http://10.0.0.2:8080;name=b";

    @Test
    void offByDefaultAndTheRingOnForLoopbackOnly() {
        FilterSettings settings = FilterSettings.from(Settings.of(Map.of(), FilterSettings.NAMES));
        assertThat(settings.gateway()).isFalse();
        assertThat(settings.ring().enabled()).isTrue();
        assertThat(settings.ring().path()).isEqualTo("/affinity/ring");
    }

    @Test
    void aGatewayIsNamedGatewayByDefaultAndIsNoMember() {
        try (Routing routing = gatewayRouting(Map.of())) {
            Gateway gateway = Gateway.start(settings(Map.of()), routing);
            assertThat(gateway.self().name()).isEqualTo(Gateway.DEFAULT_NAME);
            assertThat(routing.knownSelf()).isEmpty();
            assertThat(routing.selfCandidates()).isEmpty();
            assertThat(gateway.rejectsKeyless()).isFalse();
            assertThat(gateway.keylessCandidates()).extracting(m -> m.name()).containsExactlyInAnyOrder("a", "b");
        }
    }

    @Test
    void aMembersNameAMembershipProviderOrAMemberNoKeyPolicyIsRefused() {
        try (Routing routing = gatewayRouting(Map.of())) {
            assertThatThrownBy(() -> Gateway.start(settings(Map.of("self", "a")), routing))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("'self'").hasMessageContaining("none of the members");
        }
        assertThatThrownBy(() -> Routing.startGateway(routingSettings(Map.of("members", "hazelcast"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'members'").hasMessageContaining("static member list");
        assertThatThrownBy(() -> routingSettings(Map.of("no-key", "local")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'no-key'").hasMessageContaining("round-robin");
    }

    private static Routing gatewayRouting(Map<String, String> extra) {
        return Routing.startGateway(routingSettings(extra));
    }

    private static RoutingSettings routingSettings(Map<String, String> extra) {
        return RoutingSettings.from(settings(extra), "/affinity/health", NoKeyPolicy.FOR_ROUTERS);
    }

    private static Settings settings(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("members", MEMBERS, "gateway", "true", "health.interval", "0"));
        values.putAll(extra);
        return Settings.of(values, FilterSettings.NAMES);
    }
}
