package dev.affinity.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.RepositoryDocs;
import org.junit.jupiter.api.Test;

/** Every field of the balancer's JSON file, and of its rules, is in {@code docs/configuration.md}. */
class BalancerSettingsDocumentedTest {
    @Test
    void everyFieldOfTheBalancerIsDocumented() {
        assertThat(RepositoryDocs.documentedSettings("Redirect balancer")).containsAll(BalancerConfigLoader.SETTINGS);
        String section = String.join("\n", RepositoryDocs.configurationSection("Redirect balancer"));
        assertThat(section).contains(BalancerConfigLoader.CONFIG_PROPERTY, BalancerConfigLoader.CONFIG_ENV);
        RuleParser.FIELDS.forEach(field -> assertThat(section).contains("\"" + field + "\""));
    }
}
