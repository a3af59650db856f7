package dev.affinity.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every bad routing setting fails at start-up with its own message. */
class RoutingSettingsTest {
    private static final String MEMBERS = "http://10.255.0.1:8080;name=a,http://10.255.0.2:8080;name=b";

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "members|' , '|'members' lists no members",
        "members|http://10.255.0.1:8080,http://10.255.0.1:8080|lists http://10.255.0.1:8080 twice",
        "members|http://10.255.0.1:8080;name=x,http://10.255.0.2:8080;name=x|two members named 'x'",
        "members|ftp://10.255.0.1:21|'ftp://10.255.0.1:21': accepted: absolute http or https URLs",
        "members|http://10.255.0.1|'http://10.255.0.1': accepted: absolute http or https URLs",
        "members|http://user@10.255.0.1:8080|'http://user@10.255.0.1:8080': accepted",
        "members|http://10.255.0.1:8080/app|'http://10.255.0.1:8080/app': accepted",
        "members|http://10.255.0.1:8080?x=1|'http://10.255.0.1:8080?x=1': accepted",
        "members|not a url|'not a url': accepted",
        "members|http://10.255.0.1:8080;weight=-1|weight=W with W a number above 0",
        "members|http://10.255.0.1:8080;weight=heavy|weight=W with W a number above 0",
        "members|http://10.255.0.1:8080;name=a b|name=NAME with 1 to 64 letters",
        "members|http://10.255.0.1:8080;color=red|member options weight=W and name=NAME",
        "members|zookeeper|'members' has the invalid value 'zookeeper'",
        "self|c|'self' has the invalid value 'c': accepted: the name or base URL of one of the members",
        "strategy|consistent|'strategy' has the invalid value 'consistent': accepted: rendezvous, maglev, modulo",
        "no-key|drop|'no-key' has the invalid value 'drop': accepted: local, reject",
        "health.interval|-1s|'health.interval' has the invalid value '-1s'",
        "health.interval|2 seconds|'health.interval' has the invalid value '2 seconds'",
        "health.timeout|0|'health.timeout' has the invalid value '0'",
        "health.rise|0|'health.rise' has the invalid value '0': accepted: a whole number from 1 to 100",
        "health.fall|many|'health.fall' has the invalid value 'many'",
        "health.path|affinity/health|'health.path' has the invalid value 'affinity/health'",
        "health.passive.backoff-max|10ms|'health.passive.backoff-max' has the invalid value '10ms': accepted: a duration of at least 1s",
        "health.passive.statuses|500-504|'health.passive.statuses' has the invalid value '500-504': accepted: comma-separated HTTP statuses from 400 to 599",
        "health.passive.statuses|502,200|'health.passive.statuses' has the invalid value '502,200'",
        "key|param:|'key' has the invalid value 'param:'",
        "key|query:id|'key' has the invalid value 'query:id'",
        "key|param:id,,header:x|'key' has the invalid value 'param:id,,header:x'",
        "key|path:/a/{key}/{key}|'key' has the invalid value 'path:/a/{key}/{key}'",
        "key|path:/a/b|'key' has the invalid value 'path:/a/b'",
        "key|path:a/{key}|'key' has the invalid value 'path:a/{key}'",
        "key|path:/**/{key}|'key' has the invalid value 'path:/**/{key}'",
        "key.max-length|0|'key.max-length' has the invalid value '0'",
        "session.cookie|a;b|'session.cookie' has the invalid value 'a;b'",
        "health.path|/affinity/health?x|'health.path' has the invalid value '/affinity/health?x'",
    })
    void aBadSettingFailsWithItsOwnMessage(String name, String value, String message) {
        Map<String, String> settings = new HashMap<>(Map.of("members", MEMBERS, "self", "a", "health.interval", "0"));
        settings.put(name, value);
        assertThatThrownBy(() -> start(settings)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }

    @Test
    void membersAreRequired() {
        assertThatThrownBy(() -> start(Map.of("self", "a")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'members' is required");
    }

    @Test
    void selfMustBeDetectableWhenItIsNotSet() {
        assertThatThrownBy(() -> start(Map.of("members", MEMBERS, "health.interval", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'self' is not set and no member's host is an address of this machine");
    }

    @Test
    void aDynamicMembershipProviderThatIsNotOnTheClasspathIsNamed() {
        assertThatThrownBy(() -> start(Map.of("members", "hazelcast", "self", "http://127.0.0.1:8080")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'members' has the invalid value 'hazelcast'")
                .hasMessageContaining("needs the session-backup jar");
    }

    @Test
    void selfIsDetectedFromLocalAddressesAndThenFromThePort() {
        try (Routing routing = start(Map.of("members", "http://127.0.0.1:8081;name=a,http://10.255.0.2:8080;name=b", "health.interval", "0"))) {
            assertThat(routing.self(1).name()).isEqualTo("a");
        }
        try (Routing routing = start(Map.of("members", "http://127.0.0.1:8081;name=a,http://127.0.0.1:8082;name=b", "health.interval", "0"))) {
            assertThat(routing.self(8082).name()).isEqualTo("b");
            assertThat(routing.self(8081).name()).as("resolved once").isEqualTo("b");
        }
        try (Routing routing = start(Map.of("members", "http://127.0.0.1:8081;name=a,http://127.0.0.1:8082;name=b", "health.interval", "0"))) {
            assertThatThrownBy(() -> routing.self(9999)).isInstanceOf(ConfigException.class).hasMessageContaining("port 9999");
        }
    }

    @Test
    void membersWithoutANameAreNamedAfterHostAndPort() {
        try (Routing routing = start(Map.of("members", "http://10.255.0.1:8080,http://10.255.0.2:8080;weight=2.5",
                "self", "http://10.255.0.2:8080/", "health.interval", "0"))) {
            assertThat(routing.self(0).name()).isEqualTo("10-255-0-2-8080");
            assertThat(routing.router().placement().members()).extracting(Member::weight).containsExactly(1.0, 2.5);
        }
    }

    @Test
    void onlyGatewayStatusesCountAgainstAMemberByDefault() {
        HealthSettings defaults = HealthSettings.from(Settings.of(Map.of(), HealthSettings.NAMES), "/affinity/health");
        assertThat(defaults.passiveStatuses()).containsExactlyInAnyOrder(502, 503, 504);
        assertThat(defaults.isMemberFailure(500)).isFalse();
        assertThat(defaults.isMemberFailure(501)).isFalse();
        HealthSettings none = HealthSettings.from(Settings.of(Map.of("health.passive.statuses", "none"), HealthSettings.NAMES), "/h");
        assertThat(none.isMemberFailure(503)).isFalse();
        HealthSettings listed = HealthSettings.from(Settings.of(Map.of("health.passive.statuses", "500, 429"), HealthSettings.NAMES), "/h");
        assertThat(listed.passiveStatuses()).containsExactlyInAnyOrder(500, 429);
    }

    @Test
    void aMemberListMayNameMembersGivenWithTheirUrlElsewhere() {
        Member a = new MemberListParser("members").parse("http://10.255.0.1:8080;name=a");
        MemberListParser pool = new MemberListParser("pools.premium");
        assertThat(pool.parseList("a, http://10.255.0.9:8080;name=p", name -> name.equals("a") ? a : null))
                .extracting(Member::name).containsExactly("a", "p");
        assertThatThrownBy(() -> pool.parseList("b", name -> null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'pools.premium' has the invalid value 'b'").hasMessageContaining("the name of a member given with its URL");
        assertThatThrownBy(() -> new MemberListParser("members").parseList("a")).hasMessageContaining("'members' has the invalid value 'a'")
                .hasMessageNotContaining("the name of a member");
    }

    @Test
    void noKeyMeansTheSameToAMemberAndToARouterWhereTheyOverlap() {
        Map<String, String> base = Map.of("members", MEMBERS);
        assertThat(noKey(base, NoKeyPolicy.FOR_MEMBERS)).as("a member serves it by default").isEqualTo(NoKeyPolicy.LOCAL);
        assertThat(noKey(base, NoKeyPolicy.FOR_ROUTERS)).as("a router picks a member by default").isEqualTo(NoKeyPolicy.ROUND_ROBIN);
        Map<String, String> reject = Map.of("members", MEMBERS, "no-key", "reject");
        assertThat(noKey(reject, NoKeyPolicy.FOR_MEMBERS)).isEqualTo(NoKeyPolicy.REJECT).isEqualTo(noKey(reject, NoKeyPolicy.FOR_ROUTERS));
        assertThat(noKey(Map.of("members", MEMBERS, "no-key", "least-recent"), NoKeyPolicy.FOR_ROUTERS)).isEqualTo(NoKeyPolicy.LEAST_RECENT);
        assertThatThrownBy(() -> noKey(Map.of("members", MEMBERS, "no-key", "round-robin"), NoKeyPolicy.FOR_MEMBERS))
                .hasMessage("affinity setting 'no-key' has the invalid value 'round-robin': accepted: local, reject");
        assertThatThrownBy(() -> noKey(Map.of("members", MEMBERS, "no-key", "local"), NoKeyPolicy.FOR_ROUTERS))
                .hasMessage("affinity setting 'no-key' has the invalid value 'local': accepted: round-robin, least-recent, reject");
    }

    private static NoKeyPolicy noKey(Map<String, String> values, EnumSet<NoKeyPolicy> accepted) {
        return RoutingSettings.from(Settings.of(values, RoutingSettings.NAMES), "/affinity/health", accepted).noKey();
    }

    private static Routing start(Map<String, String> settings) {
        return Routing.start(Settings.of(settings, RoutingSettings.NAMES), "/affinity/health");
    }
}
