package dev.affinity.session.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.config.Settings;
import dev.affinity.testing.RepositoryDocs;
import org.junit.jupiter.api.Test;

/** Every setting the Tomcat manager reads has its row in {@code docs/configuration.md}. */
class ManagerSettingsDocumentedTest {
    @Test
    void everySettingOfTheManagerIsInItsTable() {
        assertThat(RepositoryDocs.documentedSettings("AffinityManager")).containsAll(ManagerSettings.NAMES)
                .contains(Settings.CONFIG_FILE);
    }
}
