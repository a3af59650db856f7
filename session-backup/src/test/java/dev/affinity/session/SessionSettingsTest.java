package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import dev.affinity.session.serialization.AllowList;
import dev.affinity.testing.LoopbackHazelcast;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Bad configuration fails at start-up naming the setting and what it accepts. */
class SessionSettingsTest {
    private static final String SECRET = "0123456789abcdef-test";
    private static final String MEMBERS = "http://127.0.0.1:8080;name=node1,http://10.9.9.9:8080;name=node2";
    @AutoClose
    private final LoopbackHazelcast cluster = new LoopbackHazelcast(1);

    @Test
    void defaultsNeedTheMembersAndTheSecretAndKeepThePromises() {
        SessionSettings settings = SessionSettings.from(Settings.of(Map.of("members", MEMBERS, "self", "node1", "secret", SECRET),
                SessionSettings.NAMES));
        assertThat(settings.self().route()).contains("node1");
        assertThat(settings.writeMode()).as("every answered change survives the node's death").isEqualTo(WriteMode.SYNC);
        assertThat(settings.urlSessionIds()).isFalse();
        assertThat(settings.hazelcast().map()).isEqualTo("affinity-sessions");
        assertThat(settings.hazelcast().expectedMembers()).hasValue(2);
        assertThat(settings.hazelcast().quorum()).as("a majority of the static member list").isEqualTo(2);
        assertThat(settings.hazelcast().mode()).isEqualTo(HazelcastMode.EMBEDDED);
        FilelessMember member = settings.hazelcast().fileless().orElseThrow();
        assertThat(member.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(member.peers()).containsExactly("127.0.0.1", "10.9.9.9");
        assertThat(member.port()).isEqualTo(5701);
        assertThat(member.portCount()).isEqualTo(1);
        assertThat(member.clusterName()).startsWith("affinity-").doesNotContain(SECRET)
                .isNotEqualTo(fileless(Map.of("secret", SECRET + "-other")).clusterName());
        assertThat(member.config().getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(member.config().getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(member.config().getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(member.config().getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    }

    @Test
    void nodesSharingAHostTakeConsecutivePorts() {
        FilelessMember member = fileless(Map.of("members", "http://127.0.0.1:8081;name=a,http://127.0.0.1:8082;name=b,"
                + "http://127.0.0.1:8083;name=c", "self", "b", "hazelcast.port", "8781"));
        assertThat(member.peers()).containsExactly("127.0.0.1");
        assertThat(member.port()).isEqualTo(8781);
        assertThat(member.portCount()).isEqualTo(3);
    }

    @Test
    void theQuorumIsAMajorityOfTheExpectedMembersUnlessSet() {
        String three = "http://127.0.0.1:8080;name=a,http://10.9.9.8:8080;name=b,http://10.9.9.9:8080;name=c";
        HazelcastSettings derived = hazelcast(Map.of("members", three, "self", "a"));
        assertThat(derived.quorum()).isEqualTo(2);
        assertThat(derived.expectedMembers()).hasValue(3);
        String four = three + ",http://10.9.9.7:8080;name=d";
        assertThat(hazelcast(Map.of("members", four, "self", "a")).quorum()).isEqualTo(3);
        assertThat(hazelcast(Map.of("members", three, "self", "a", "hazelcast.quorum", "3")).quorum()).isEqualTo(3);
        assertThat(hazelcast(Map.of("members", three, "self", "a", "hazelcast.expected-members", "5")).quorum())
                .as("a majority of hazelcast.expected-members when set").isEqualTo(3);
        assertThat(hazelcast(Map.of("members", three, "self", "a", "hazelcast.mode", "client")).quorum())
                .as("a client leaves protection to the cluster's members").isEqualTo(1);
        assertThat(hazelcast(Map.of("members", "hazelcast", "self", "a", "hazelcast.config", memberFile())).quorum())
                .as("no static member list and no expected-members: no split-brain protection").isEqualTo(1);
    }

    private static HazelcastSettings hazelcast(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(Map.of("secret", SECRET));
        all.putAll(values);
        return SessionSettings.from(Settings.of(all, SessionSettings.NAMES)).hazelcast();
    }

    private String memberFile() {
        return cluster.memberYaml(0).toString();
    }

    @Test
    void aBaseUrlSelfIsPublishedInItsCanonicalForm() {
        SessionSettings settings = SessionSettings.from(Settings.of(Map.of("self", "http://127.0.0.1:8080;name=a", "secret", SECRET),
                SessionSettings.NAMES));
        assertThat(settings.self().route()).contains("a");
        assertThat(settings.self().memberEntry()).contains("http://127.0.0.1:8080;name=a");
        assertThat(settings.hazelcast().fileless().orElseThrow().peers()).containsExactly("127.0.0.1");
    }

    @Test
    void selfIsResolvedAgainstAStaticMemberListAsTheRoutingCoreDoes() {
        SessionSettings byUrl = SessionSettings.from(Settings.of(Map.of("members", MEMBERS, "self", "http://127.0.0.1:8080",
                "secret", SECRET), SessionSettings.NAMES));
        assertThat(byUrl.self().route()).contains("node1");
        SessionSettings detected = SessionSettings.from(Settings.of(Map.of("members", MEMBERS, "secret", SECRET), SessionSettings.NAMES));
        assertThat(detected.self().route()).contains("node1");
        assertThat(detected.self().memberEntry()).contains("http://127.0.0.1:8080;name=node1");
    }

    @Test
    void severalLocalMembersWithoutSelfAreToldApartByTheFirstRequestsPort() {
        SessionSettings settings = SessionSettings.from(Settings.of(Map.of("members",
                "http://127.0.0.1:8081;name=a,http://127.0.0.1:8082;name=b", "secret", SECRET), SessionSettings.NAMES));
        assertThat(settings.self().route()).isEmpty();
        assertThat(settings.hazelcast().fileless().orElseThrow().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.self().resolve(8082)).isEqualTo("b");
        assertThat(settings.self().route()).contains("b");
    }

    @Test
    void theHazelcastFileMayBeAClassPathResource() {
        HazelcastSettings settings = hazelcast(Map.of("members", MEMBERS, "self", "node1",
                "hazelcast.config", "classpath:hazelcast-classpath-member.yaml"));
        assertThat(SharedHazelcast.memberConfig(settings.configFile().orElseThrow()).getClusterName()).isEqualTo("from-the-class-path");
        assertRejected(Map.of("hazelcast.config", "classpath:missing.yaml"),
                "'hazelcast.config': cannot read the Hazelcast configuration classpath:missing.yaml: not found on the class path");
    }

    @Test
    void invalidValuesNameTheSettingAndWhatItAccepts() {
        assertRejected(Map.of("self", "", "members", ""), "'self' is required");
        assertRejected(Map.of("secret", ""), "'secret' is required");
        assertRejected(Map.of("secret", "short"), "'secret' is too short");
        assertRejected(Map.of("secret.previous", "short"), "'secret.previous' is too short");
        assertRejected(Map.of("write-mode", "later"), "'write-mode' has the invalid value 'later': accepted: async, sync");
        assertRejected(Map.of("serialization", "kryo"), "'serialization' has the invalid value 'kryo': accepted: java, json");
        assertRejected(Map.of("serialization.allow", "!*"), "'serialization.allow'");
        assertRejected(Map.of("serialization.max-bytes", "10"), "'serialization.max-bytes'");
        assertRejected(Map.of("hazelcast.config", "/nowhere/hz.yaml"), "'hazelcast.config'");
        assertRejected(Map.of("hazelcast.config", "/etc/hosts"), "'hazelcast.config'");
        assertRejected(Map.of("hazelcast.port", "70000"), "'hazelcast.port'");
        assertRejected(Map.of("hazelcast.expected-members", "0"), "'hazelcast.expected-members'");
        assertRejected(Map.of("listeners", "java.lang.String"), "'listeners'");
        assertRejected(Map.of("self", "no spaces", "members", ""), "'self'");
        assertRejected(Map.of("status.allow", "anyone"), "'status.allow' has the invalid value 'anyone': accepted: comma-separated IPv4");
        assertRejected(Map.of("members", "http://10.9.9.9:8080", "self", "elsewhere"), "'self'");
        assertRejected(Map.of("max-sessions", "0"), "'max-sessions'");
        assertRejected(Map.of("url-session-ids", "maybe"), "'url-session-ids' has the invalid value 'maybe': accepted: true or false");
        assertRejected(Map.of("cookie.same-site", "sometimes"), "'cookie.same-site' has the invalid value 'sometimes': accepted: lax, strict, none, off");
        assertRejected(Map.of("cookie.same-site", "none"), "cookie.secure=true");
        assertRejected(Map.of("cookie.secure", "yes"), "'cookie.secure' has the invalid value 'yes': accepted: auto, true, false");
        assertRejected(Map.of("cookie.path", "no-slash"), "'cookie.path'");
        assertRejected(Map.of("cookie.domain", "bad domain"), "'cookie.domain'");
        assertRejected(Map.of("cookie.max-age", "soon"), "'cookie.max-age'");
        assertRejected(Map.of("hazelcast.quorum", "0"), "'hazelcast.quorum' has the invalid value '0'");
        assertRejected(Map.of("members", "http://127.0.0.1:8080;name=a,http://10.9.9.9:8080;name=b", "self", "a", "hazelcast.quorum", "3"),
                "'hazelcast.quorum' has the invalid value '3': accepted: a whole number from 1 to 2");
        assertRejected(Map.of("hazelcast.mode", "client", "hazelcast.quorum", "2"), "configure split-brain protection");
        assertRejected(Map.of("map", "no/slash"), "'map'");
        assertThatThrownBy(() -> Settings.of(Map.of("self", "a", "write_mode", "sync"), SessionSettings.NAMES))
                .isInstanceOf(ConfigException.class).hasMessageContaining("write_mode");
    }

    @Test
    void theStatusEndpointHasItsOwnNamesNotTheAffinityFilters() {
        Map<String, String> base = Map.of("members", MEMBERS, "self", "node1", "secret", SECRET);
        SessionSettings defaults = SessionSettings.from(Settings.of(base, SessionSettings.NAMES));
        assertThat(defaults.status().enabled()).isFalse();
        assertThat(defaults.status().path()).isEqualTo("/affinity/session-status");

        Map<String, String> values = new HashMap<>(base);
        values.put("session-status.enabled", "true");
        values.put("session-status.path", "/ops/sessions");
        Map<String, String> filtersProperties = Map.of("affinity.status.path", "/ops/node", "affinity.status.enabled", "false");
        SessionSettings settings = SessionSettings.from(Settings.load(values, SessionSettings.NAMES, filtersProperties::get, name -> null));
        assertThat(settings.status().enabled()).isTrue();
        assertThat(settings.status().path()).isEqualTo("/ops/sessions");

        assertRejected(Map.of("session-status.path", "sessions"), "'session-status.path' has the invalid value 'sessions'");
        assertThatThrownBy(() -> Settings.of(Map.of("status.path", "/x"), SessionSettings.NAMES))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'status.path'");
    }

    @Test
    void withoutAHazelcastFileTheMembersMustSayWhereTheNodesAre() {
        assertRejected(Map.of("members", "", "self", "node1"), "'members' is needed when 'hazelcast.config' is not set");
        assertRejected(Map.of("members", "hazelcast", "self", "http://127.0.0.1:8080;name=a"), "'hazelcast.config' is required with members=hazelcast");
        assertRejected(Map.of("hazelcast.port", "5701", "hazelcast.config", memberFile()),
                "'hazelcast.port'");
        SessionSettings client = SessionSettings.from(Settings.of(Map.of("self", "c1", "secret", SECRET, "hazelcast.mode", "client"),
                SessionSettings.NAMES));
        assertThat(client.hazelcast().fileless()).as("a client follows Hazelcast's own look-up").isEmpty();
    }

    private static FilelessMember fileless(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(Map.of("members", MEMBERS, "self", "node1", "secret", SECRET));
        all.putAll(values);
        return SessionSettings.from(Settings.of(all, SessionSettings.NAMES)).hazelcast().fileless().orElseThrow();
    }

    private static void assertRejected(Map<String, String> values, String message) {
        Map<String, String> all = new HashMap<>(Map.of("members", MEMBERS, "self", "node1", "secret", SECRET));
        all.putAll(values);
        assertThatThrownBy(() -> {
            SessionSettings settings = SessionSettings.from(Settings.of(all, SessionSettings.NAMES));
            new AllowList(settings.allow(), settings.maxAttributeBytes());
            new SessionListeners(settings.listeners(), SessionSettingsTest.class.getClassLoader());
        }).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }
}
