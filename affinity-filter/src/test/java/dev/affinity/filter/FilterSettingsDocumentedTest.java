package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.config.Settings;
import dev.affinity.routing.RoutingSettings;
import dev.affinity.testing.RepositoryDocs;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every setting the affinity filter accepts is in {@code docs/configuration.md}: its own in its table, the rest in the routing table. */
class FilterSettingsDocumentedTest {
    @Test
    void everySettingOfTheFilterIsDocumented() {
        Set<String> own = new HashSet<>(FilterSettings.NAMES);
        own.removeAll(RoutingSettings.NAMES);
        own.add(Settings.CONFIG_FILE);
        assertThat(RepositoryDocs.documentedSettings("AffinityFilter")).containsAll(own);
        assertThat(RepositoryDocs.documentedSettings("Routing settings")).containsAll(RoutingSettings.NAMES);
    }
}
