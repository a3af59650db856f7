package dev.affinity.session.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.RepositoryDocs;
import org.junit.jupiter.api.Test;

/** Each setting the Jetty store refuses is named in its section of {@code docs/configuration.md}, alone or by its family ({@code cookie.*}). */
class FilterOnlySettingsDocumentedTest {
    @Test
    void everyRefusedSettingIsNamedInTheJettySection() {
        String section = String.join("\n", RepositoryDocs.configurationSection("Jetty 12 session store"));
        for (String name : FilterOnlySettings.NAMES) {
            int dot = name.indexOf('.');
            String family = dot < 0 ? name : name.substring(0, dot) + ".*";
            assertThat(section).as(name).containsAnyOf("`" + name + "`", "`" + family + "`");
        }
    }
}
