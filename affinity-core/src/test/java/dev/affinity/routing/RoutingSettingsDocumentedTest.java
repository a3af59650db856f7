package dev.affinity.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.RepositoryDocs;
import org.junit.jupiter.api.Test;

/** Every routing setting has its row in {@code docs/configuration.md}. */
class RoutingSettingsDocumentedTest {
    @Test
    void everyRoutingSettingIsInItsTable() {
        assertThat(RepositoryDocs.documentedSettings("Routing settings")).containsAll(RoutingSettings.NAMES);
    }
}
