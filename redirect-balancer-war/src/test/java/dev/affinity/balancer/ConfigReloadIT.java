package dev.affinity.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.testing.LogRecords;
import dev.affinity.testing.PrometheusText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The balancer WAR on Jetty reloads its JSON file when it changes, without a restart; a new file that is invalid, or changes a setting read only at start-up, is refused with
 * a log line naming the setting, and the running configuration is kept.
 */
class ConfigReloadIT {
    /**
     * The file is read every second ({@code ConfigWatch.EVERY}), about a second here when alone; the
     * bound leaves room for a machine loaded by other builds, where the watch's thread waited 6 s.
     */
    private static final Duration APPLIED_WITHIN = Duration.ofSeconds(30);

    private final BackendFarm farm = new BackendFarm();

    @AfterEach
    void stop() throws Exception {
        farm.close();
    }

    @Test
    void aChangedFileIsAppliedAndABadOneRefused(@TempDir Path work) throws Exception {
        Path config = farm.startWithBalancerFile(work, nodes -> config(nodes.subList(0, 2), "rendezvous"), "a", "b", "c");
        List<BackendNode> nodes = farm.nodes();
        BalancerProbe balancer = new BalancerProbe(farm.balancer(config, work));
        assertThat(balancer.members()).isEqualTo(Set.of("a", "b"));

        Files.writeString(config, config(nodes, "rendezvous"));
        await().atMost(APPLIED_WITHIN).untilAsserted(() -> {
            assertThat(balancer.members()).isEqualTo(Set.of("a", "b", "c"));
            assertThat(balancer.redirectTargets(60)).isEqualTo(BalancerProbe.urls(nodes));
        });
        assertThat(memberUp(balancer, "c")).as("the new member's gauge").hasValue(1);

        try (LogRecords log = new LogRecords("dev.affinity.balancer")) {
            Files.writeString(config, config(nodes.subList(0, 1), "nearest"));
            await().atMost(APPLIED_WITHIN).until(() -> log.text().contains("refused"));
            assertThat(log.text()).contains("'strategy'").contains("nearest");
            assertThat(balancer.members()).as("the running configuration is kept").isEqualTo(Set.of("a", "b", "c"));
            assertThat(balancer.status().path("strategy").asText()).isEqualTo("rendezvous");
        }

        try (LogRecords log = new LogRecords("dev.affinity.balancer")) {
            Files.writeString(config, config(nodes.subList(0, 1), "rendezvous").replace("\"balancer-metrics\": {\"enabled\": true}",
                    "\"balancer-metrics\": {\"enabled\": false}"));
            await().atMost(APPLIED_WITHIN).until(() -> log.text().contains("refused"));
            assertThat(log.text()).contains("'balancer-metrics.enabled'").contains("restart");
            assertThat(balancer.members()).isEqualTo(Set.of("a", "b", "c"));
        }

        Files.writeString(config, config(nodes.subList(1, 3), "maglev"));
        await().atMost(APPLIED_WITHIN).untilAsserted(() -> {
            assertThat(balancer.members()).isEqualTo(Set.of("b", "c"));
            assertThat(balancer.status().path("strategy").asText()).isEqualTo("maglev");
            assertThat(balancer.redirectTargets(60)).isEqualTo(BalancerProbe.urls(nodes.subList(1, 3)));
        });
        assertThat(memberUp(balancer, "a")).as("the departed member's gauge").isEmpty();
        assertThat(memberUp(balancer, "b")).hasValue(1);
    }

    private static OptionalDouble memberUp(BalancerProbe balancer, String member) throws Exception {
        return PrometheusText.parse(balancer.get("/balancer/metrics").body()).value("affinity_balancer_member_up", Map.of("member", member));
    }

    private static String config(List<BackendNode> members, String strategy) {
        return """
                {
                  "members": [%s],
                  "key": "param:customer",
                  "strategy": "%s",
                  "health": {"interval": "100ms", "timeout": "500ms", "rise": 1, "fall": 1},
                  "balancer-status": {"enabled": true},
                  "balancer-metrics": {"enabled": true}
                }
                """.formatted(BackendFarm.entries(members), strategy);
    }
}
