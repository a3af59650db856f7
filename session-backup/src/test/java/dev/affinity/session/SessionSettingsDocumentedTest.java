package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.config.Settings;
import dev.affinity.testing.RepositoryDocs;
import org.junit.jupiter.api.Test;

/** Every setting the session backup filter accepts has its row in {@code docs/configuration.md}. */
class SessionSettingsDocumentedTest {
    @Test
    void everySettingOfTheSessionFilterIsInItsTable() {
        assertThat(RepositoryDocs.documentedSettings("SessionBackupFilter"))
                .containsAll(SessionSettings.NAMES)
                .contains(Settings.CONFIG_FILE);
    }
}
