package dev.affinity.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affinity.config.ConfigException;
import dev.affinity.routing.NoKeyPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BalancerConfigLoaderTest {
    private static final String MEMBERS = "\"members\": [\"http://127.0.0.1:8081;name=a\", \"http://127.0.0.1:8082;name=b\"]";

    @TempDir
    Path dir;

    @Test
    void readsEveryPartOfTheFile() throws IOException {
        Path file = write("""
                {%s, "key": "param:customer,session", "strategy": "maglev",
                 "health": {"interval": "500ms", "rise": 3, "fall": 4},
                 "redirect": {"status": 307}, "no-key": "least-recent", "sticky.cookie": "NODE", "retry-after": "7s",
                 "balancer-status": {"enabled": true, "path": "/lb/status"},
                 "pools": {"premium": ["http://127.0.0.1:9001;name=p1", "http://127.0.0.1:8081;name=a"]},
                 "rules": [{"header": "X-Tier", "value": "gold", "pool": "premium"}, {"glob": "/vip/**", "pool": "premium"}]}
                """.formatted(MEMBERS));
        BalancerConfig config = load(file.toString(), Map.of(), Map.of());
        assertThat(config.pools()).containsOnlyKeys("default", "premium");
        assertThat(config.pools().get("premium")).extracting(m -> m.name()).containsExactly("p1", "a");
        assertThat(config.rules()).extracting(PoolRule::description)
                .containsExactly("header:X-Tier=gold -> premium", "glob:/vip/** -> premium");
        assertThat(config.routing().strategy().settingValue()).isEqualTo("maglev");
        assertThat(config.routing().health().rise()).isEqualTo(3);
        assertThat(config.routing().health().fall()).isEqualTo(4);
        assertThat(config.routing().health().path()).isEqualTo("/affinity/health");
        assertThat(config.redirectStatus()).isEqualTo(RedirectStatus.TEMPORARY);
        assertThat(config.routing().noKey()).isEqualTo(NoKeyPolicy.LEAST_RECENT);
        assertThat(config.stickyCookie()).isEqualTo("NODE");
        assertThat(config.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(config.status().enabled()).isTrue();
        assertThat(config.status().path()).isEqualTo("/lb/status");
    }

    @Test
    void defaultsAreRedirectsByMethodRoundRobinNoCookieNoStatusPage() throws IOException {
        BalancerConfig config = load(write("{" + MEMBERS + "}").toString(), Map.of(), Map.of());
        assertThat(config.redirectStatus()).isEqualTo(RedirectStatus.BY_METHOD);
        assertThat(config.routing().noKey()).isEqualTo(NoKeyPolicy.ROUND_ROBIN);
        assertThat(config.stickyCookie()).isNull();
        assertThat(config.status().enabled()).isFalse();
        assertThat(config.rules()).isEmpty();
        assertThat(config.pools()).containsOnlyKeys("default");
    }

    @Test
    void theRedirectKeepsTheMethodUnlessAStatusIsForced() {
        for (String method : new String[] {"GET", "HEAD"}) {
            assertThat(RedirectStatus.BY_METHOD.statusFor(method)).isEqualTo(303);
        }
        for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
            assertThat(RedirectStatus.BY_METHOD.statusFor(method)).isEqualTo(307);
            assertThat(RedirectStatus.SEE_OTHER.statusFor(method)).isEqualTo(303);
        }
        assertThat(RedirectStatus.TEMPORARY.statusFor("GET")).isEqualTo(307);
    }

    @Test
    void aPoolMayNameMembersListedWithTheirUrlElsewhere() throws IOException {
        BalancerConfig config = load(write("""
                {%s, "pools": {"premium": ["b", "http://127.0.0.1:9001;name=p1"], "spare": "p1, a"}}
                """.formatted(MEMBERS)).toString(), Map.of(), Map.of());
        assertThat(config.pools().get("premium")).extracting(m -> m.name() + "=" + m.baseUrl())
                .containsExactly("b=http://127.0.0.1:8082", "p1=http://127.0.0.1:9001");
        assertThat(config.pools().get("spare")).extracting(m -> m.name()).containsExactly("p1", "a");
        assertFailsWith("{" + MEMBERS + ", \"pools\": {\"premium\": [\"c\"]}}",
                "'pools.premium' has the invalid value 'c'", "the name of a member given with its URL");
    }

    @Test
    void theEnvironmentBeatsTheSystemPropertyWhichBeatsTheContextParameter() throws IOException {
        Path context = write("{" + MEMBERS + ", \"retry-after\": \"1s\"}");
        Path property = dir.resolve("property.json");
        Files.writeString(property, "{" + MEMBERS + ", \"retry-after\": \"2s\"}");
        Path env = dir.resolve("env.json");
        Files.writeString(env, "{" + MEMBERS + ", \"retry-after\": \"3s\"}");
        Map<String, String> properties = Map.of(BalancerConfigLoader.CONFIG_PROPERTY, property.toString());
        assertThat(load(context.toString(), Map.of(), Map.of()).retryAfter()).hasSeconds(1);
        assertThat(load(context.toString(), properties, Map.of()).retryAfter()).hasSeconds(2);
        assertThat(load(context.toString(), properties, Map.of(BalancerConfigLoader.CONFIG_ENV, env.toString())).retryAfter())
                .hasSeconds(3);
    }

    @Test
    void flatSettingsAreOverriddenBySystemPropertiesButTheFileIsNot() throws IOException {
        Path file = write("{" + MEMBERS + "}");
        Map<String, String> properties = Map.of("affinity.health.fall", "0", "affinity.config", "/nonexistent.json");
        assertThatThrownBy(() -> load(file.toString(), properties, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'health.fall'").hasMessageContaining("from 1 to 100");
    }

    @Test
    void theFileMayBeAClassPathResource() {
        BalancerConfig config = load("classpath:balancer-test.json", Map.of(), Map.of());
        assertThat(config.pools().get("default")).extracting(m -> m.name()).containsExactly("a", "b");
        assertThatThrownBy(() -> load("classpath:missing.json", Map.of(), Map.of()))
                .hasMessage("affinity setting 'affinity.balancer.config': cannot read the JSON file classpath:missing.json: "
                        + "not found on the class path");
    }

    @Test
    void aMissingLocationNamesTheSetting() {
        assertThatThrownBy(() -> load(null, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("affinity.balancer.config")
                .hasMessageContaining("AFFINITY_BALANCER_CONFIG");
    }

    @Test
    void anUnreadableOrMalformedFileNamesTheSetting() throws IOException {
        assertThatThrownBy(() -> load(dir.resolve("missing.json").toString(), Map.of(), Map.of()))
                .hasMessage("affinity setting 'affinity.balancer.config': cannot read the JSON file " + dir.resolve("missing.json")
                        + ": file not found");
        assertThatThrownBy(() -> load(write("{\"members\": ").toString(), Map.of(), Map.of()))
                .hasMessageContaining("affinity.balancer.config");
        assertThatThrownBy(() -> load(write("[1, 2]").toString(), Map.of(), Map.of()))
                .hasMessageContaining("must hold a JSON object");
    }

    @Test
    void badFieldsAreNamed() throws IOException {
        assertFails("{" + MEMBERS + ", \"redirect\": {\"status\": 302}}", "'redirect.status'");
        assertFails("{" + MEMBERS + ", \"status\": {\"allow\": \"everyone\"}}", "'status.allow'");
        assertFailsWith("{" + MEMBERS + ", \"colour\": \"blue\"}", "'colour'", "pools", "rules", "redirect.status", "status.allow");
        assertFails("{\"key\": \"session\"}", "'members' is required");
        assertFails("{\"members\": [\"http://127.0.0.1:8081/app\"]}", "'members'");
        assertFailsWith("{" + MEMBERS + ", \"no-key\": \"local\"}", "'no-key'", "round-robin, least-recent, reject");
        assertFails("{" + MEMBERS + ", \"strategy\": \"random\"}", "'strategy'");
        assertFails("{" + MEMBERS + ", \"key\": \"query:id\"}", "'key'");
        assertFails("{" + MEMBERS + ", \"sticky.cookie\": \"a b\"}", "'sticky.cookie'");
        assertFails("{" + MEMBERS + ", \"balancer-status\": {\"enabled\": \"yes\"}}", "'balancer-status.enabled'");
        assertFails("{" + MEMBERS + ", \"balancer-status\": {\"path\": \"status\"}}", "'balancer-status.path'");
        assertFails("{" + MEMBERS + ", \"status\": {\"enabled\": true}}", "'status.enabled'");
        assertFails("{" + MEMBERS + ", \"pools\": {\"premium\": [\"ftp://127.0.0.1:21\"]}}", "'pools.premium'");
        assertFails("{" + MEMBERS + ", \"pools\": {\"default\": [\"http://127.0.0.1:9001\"]}}", "'pools'");
        assertFails("{" + MEMBERS + ", \"pools\": {\"premium\": [\"http://127.0.0.1:9001;name=a\"]}}", "'pools.premium'");
        assertFails("{" + MEMBERS + ", \"rules\": {\"path\": \"/x\"}}", "'rules'");
        assertFails("{" + MEMBERS + ", \"rules\": [{\"path\": \"/x\", \"pool\": \"gold\"}]}", "'rules[0].pool'");
        assertFails("{" + MEMBERS + ", \"rules\": [{\"path\": \"/x\", \"pool\": \"default\"}, {\"path\": \"x\", \"pool\": \"default\"}]}",
                "'rules[1].path'");
        assertFails("{" + MEMBERS + ", \"rules\": [{\"path\": \"/x\", \"header\": \"X\", \"pool\": \"default\"}]}", "'rules[0]'");
        assertFails("{" + MEMBERS + ", \"rules\": [{\"header\": \"X-Tier\", \"pool\": \"default\"}]}", "'rules[0].value'");
        assertFails("{" + MEMBERS + ", \"rules\": [{\"path\": \"/x\", \"value\": \"v\", \"pool\": \"default\"}]}", "'rules[0].value'");
        assertFails("{" + MEMBERS + ", \"rules\": [{\"path\": \"/x\", \"pool\": \"default\", \"weight\": 2}]}", "'rules[0].weight'");
    }

    private void assertFailsWith(String json, String... parts) throws IOException {
        Path file = write(json);
        assertThatThrownBy(() -> load(file.toString(), Map.of(), Map.of()))
                .as(json).isInstanceOf(ConfigException.class).hasMessageContainingAll(parts);
    }

    private void assertFails(String json, String named) throws IOException {
        Path file = write(json);
        assertThatThrownBy(() -> load(file.toString(), Map.of(), Map.of()))
                .as(json).isInstanceOf(ConfigException.class).hasMessageContaining(named);
    }

    @Test
    void membersHazelcastNeedsAClientFileWhichAStaticListRefuses() throws IOException {
        BalancerConfig following = load(write("{\"members\": \"hazelcast\"}").toString(), Map.of(), Map.of());
        assertThat(following.provider()).hasValue("hazelcast");
        assertThat(following.pools()).as("the default pool follows the cluster").isEmpty();
        assertThatThrownBy(() -> new Balancer(following)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'hazelcast.config' is required with members=hazelcast");
        assertThatThrownBy(() -> load(write("{" + MEMBERS + ", \"hazelcast\": {\"config\": \"/etc/client.yaml\"}}").toString(),
                Map.of(), Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("'hazelcast.config'")
                .hasMessageContaining("unless members=hazelcast");
        assertThatThrownBy(() -> load(write("{\"members\": \"zookeeper\"}").toString(), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'members'").hasMessageContaining("hazelcast");
    }

    @Test
    void theDashboardIsOffByDefaultAndReadsTheNodesDefaultPaths() throws IOException {
        DashboardSettings dashboard = load(write("{" + MEMBERS + "}").toString(), Map.of(), Map.of()).dashboard();
        assertThat(dashboard.page().enabled()).isFalse();
        assertThat(dashboard.page().path()).isEqualTo("/balancer/dashboard");
        assertThat(dashboard.actionPath()).isEqualTo("/balancer/dashboard/drain");
        assertThat(dashboard.nodeStatusPath()).isEqualTo("/affinity/status");
        assertThat(dashboard.nodeSessionStatusPath()).isEqualTo("/affinity/session-status");
        assertThat(dashboard.nodeAdminPath()).isEqualTo("/affinity/admin");
    }

    private Path write(String json) throws IOException {
        Path file = Files.createTempFile(dir, "balancer", ".json");
        Files.writeString(file, json);
        return file;
    }

    private static BalancerConfig load(String contextParameter, Map<String, String> properties, Map<String, String> env) {
        return new BalancerConfigLoader(properties::get, env::get).load(contextParameter);
    }
}
