package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import dev.affinity.session.serialization.AllowList;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad configuration fails at start-up naming the setting and what it accepts. */
class SessionSettingsTest {

    @Test
    void defaultsNeedOnlySelf() {
        SessionSettings settings = SessionSettings.from(Settings.of(Map.of("self", "node1"), SessionSettings.NAMES));
        assertThat(settings.route()).isEqualTo("node1");
        assertThat(settings.writeMode()).isEqualTo(WriteMode.ASYNC);
        assertThat(settings.hazelcast().map()).isEqualTo("affinity-sessions");
        assertThat(settings.hazelcast().mode()).isEqualTo(HazelcastMode.EMBEDDED);
        assertThat(settings.hazelcast().quorum()).as("no static member list: no split-brain protection").isEqualTo(1);
    }

    @Test
    void theQuorumIsAMajorityOfAStaticMemberListUnlessSet() {
        String three = "http://127.0.0.1:8080;name=a,http://10.9.9.8:8080;name=b,http://10.9.9.9:8080;name=c";
        HazelcastSettings derived = SessionSettings.from(Settings.of(Map.of("members", three), SessionSettings.NAMES)).hazelcast();
        assertThat(derived.quorum()).isEqualTo(2);
        assertThat(derived.farmSize()).hasValue(3);
        String four = three + ",http://10.9.9.7:8080;name=d";
        assertThat(SessionSettings.from(Settings.of(Map.of("members", four), SessionSettings.NAMES)).hazelcast().quorum()).isEqualTo(3);
        assertThat(SessionSettings.from(Settings.of(Map.of("members", three, "hazelcast.quorum", "3"), SessionSettings.NAMES))
                .hazelcast().quorum()).isEqualTo(3);
        assertThat(SessionSettings.from(Settings.of(Map.of("members", three, "hazelcast.mode", "client"), SessionSettings.NAMES))
                .hazelcast().quorum()).as("a client leaves protection to the cluster's members").isEqualTo(1);
    }

    @Test
    void aBaseUrlSelfIsPublishedInItsCanonicalForm() {
        SessionSettings settings = SessionSettings.from(Settings.of(Map.of("self", "http://127.0.0.1:8080;name=a"), SessionSettings.NAMES));
        assertThat(settings.route()).isEqualTo("a");
        assertThat(settings.selfEntry()).contains("http://127.0.0.1:8080;name=a");
    }

    @Test
    void selfIsResolvedAgainstAStaticMemberListAsTheRoutingCoreDoes() {
        String members = "http://127.0.0.1:8080;name=a,http://10.9.9.9:8080;name=b";
        SessionSettings byUrl = SessionSettings.from(Settings.of(Map.of("members", members, "self", "http://127.0.0.1:8080"),
                SessionSettings.NAMES));
        assertThat(byUrl.route()).isEqualTo("a");
        SessionSettings detected = SessionSettings.from(Settings.of(Map.of("members", members), SessionSettings.NAMES));
        assertThat(detected.route()).isEqualTo("a");
        assertThat(detected.selfEntry()).contains("http://127.0.0.1:8080;name=a");
    }

    @Test
    void invalidValuesNameTheSettingAndWhatItAccepts() {
        assertRejected(Map.of(), "'self' is required");
        assertRejected(Map.of("write-mode", "later"), "'write-mode' has the invalid value 'later': accepted: async, sync");
        assertRejected(Map.of("serialization", "kryo"), "'serialization' has the invalid value 'kryo': accepted: java, json");
        assertRejected(Map.of("serialization.allow", "!*"), "'serialization.allow'");
        assertRejected(Map.of("hazelcast.config", "/nowhere/hz.yaml"), "'hazelcast.config'");
        assertRejected(Map.of("hazelcast.config", "/etc/hosts"), "'hazelcast.config'");
        assertRejected(Map.of("listeners", "java.lang.String"), "'listeners'");
        assertRejected(Map.of("self", "no spaces"), "'self'");
        assertRejected(Map.of("members", "http://10.9.9.9:8080", "self", "elsewhere"), "'self'");
        assertRejected(Map.of("hazelcast.quorum", "0"), "'hazelcast.quorum' has the invalid value '0'");
        assertRejected(Map.of("members", "http://127.0.0.1:8080;name=a,http://10.9.9.9:8080;name=b", "hazelcast.quorum", "3"),
                "'hazelcast.quorum' has the invalid value '3': accepted: a whole number from 1 to 2");
        assertRejected(Map.of("hazelcast.mode", "client", "hazelcast.quorum", "2"), "configure split-brain protection");
        assertRejected(Map.of("map", "no/slash"), "'map'");
        assertThatThrownBy(() -> Settings.of(Map.of("self", "a", "write_mode", "sync"), SessionSettings.NAMES))
                .isInstanceOf(ConfigException.class).hasMessageContaining("write_mode");
    }

    private static void assertRejected(Map<String, String> values, String message) {
        Map<String, String> all = new HashMap<>(values);
        if (!values.containsKey("self") && !values.isEmpty()) {
            all.put("self", "a");
        }
        assertThatThrownBy(() -> {
            SessionSettings settings = SessionSettings.from(Settings.of(all, SessionSettings.NAMES));
            new AllowList(settings.allow());
            new SessionListeners(settings.listeners(), SessionSettingsTest.class.getClassLoader());
        }).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }
}
