package dev.affinity.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    private static final Set<String> KNOWN = Set.of("members", "health.interval", "health.rise", "strategy");

    @Test
    void laterLayersOverrideEarlierOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("affinity.json");
        Files.writeString(file, "{\"health\": {\"interval\": \"5s\", \"rise\": 4}, \"members\": [\"http://a:1\", \"http://b:2\"]}");
        Map<String, String> properties = Map.of("affinity.health.rise", "6");
        Map<String, String> environment = Map.of("AFFINITY_STRATEGY", "maglev", "AFFINITY_HEALTH_RISE", "7");
        Settings settings = Settings.load(Map.of("config", file.toString(), "strategy", "modulo", "health.interval", "1s"),
                KNOWN, properties::get, environment::get);

        assertThat(settings.duration("health.interval", Duration.ZERO, Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.integer("health.rise", 1, 1, 10)).isEqualTo(7);
        assertThat(settings.string("strategy", "")).isEqualTo("maglev");
        assertThat(settings.string("members", "")).isEqualTo("http://a:1,http://b:2");
    }

    @Test
    void theConfigFileItselfCanBeNamedByTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.json");
        Files.writeString(file, "{\"strategy\": \"maglev\"}");
        Settings settings = Settings.load(Map.of(), KNOWN, name -> null, Map.of("AFFINITY_CONFIG", file.toString())::get);
        assertThat(settings.string("strategy", "")).isEqualTo("maglev");
    }

    @Test
    void unknownNamesFailInParametersAndFilesButAreIgnoredInSharedLayers(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Settings.load(Map.of("helth.interval", "1s"), KNOWN, n -> null, n -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown affinity parameter 'helth.interval'")
                .hasMessageContaining("health.interval");
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"stratgy\": \"maglev\"}");
        assertThatThrownBy(() -> Settings.load(Map.of("config", file.toString()), KNOWN, n -> null, n -> null))
                .hasMessageContaining("'stratgy'").hasMessageContaining(file.toString());
        Settings settings = Settings.load(Map.of(), KNOWN, Map.of("affinity.other", "x")::get, Map.of("AFFINITY_OTHER", "y")::get);
        assertThat(settings.raw("other")).isEmpty();
    }

    @Test
    void aMissingOrMalformedConfigFileIsNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Settings.load(Map.of("config", dir.resolve("none.json").toString()), KNOWN, n -> null, n -> null))
                .hasMessage("affinity setting 'config': cannot read the JSON file " + dir.resolve("none.json") + ": file not found");
        Path array = dir.resolve("array.json");
        Files.writeString(array, "[1, 2]");
        assertThatThrownBy(() -> Settings.load(Map.of("config", array.toString()), KNOWN, n -> null, n -> null))
                .hasMessageContaining("must hold a JSON object");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"strategy\": ");
        assertThatThrownBy(() -> Settings.load(Map.of("config", broken.toString()), KNOWN, n -> null, n -> null))
                .hasMessageContaining("'config': the JSON file " + broken + " is malformed").hasMessageContaining("(line 1)");
    }

    @Test
    void contextParametersAreTheLowestLayer(@TempDir Path dir) throws Exception {
        Map<String, String> context = Map.of("affinity.strategy", "maglev", "affinity.health.rise", "3",
                "affinity.members", "http://c:1", "affinity.unknown", "ignored", "strategy", "not ours");
        Settings settings = Settings.load(Map.of("health.rise", "4"), KNOWN,
                new SettingSources(context::get, Map.of("affinity.members", "http://p:1")::get, n -> null, ConfigResources.ofThread()));

        assertThat(settings.string("strategy", "")).as("from the context").isEqualTo("maglev");
        assertThat(settings.integer("health.rise", 1, 1, 10)).as("a parameter wins over the context").isEqualTo(4);
        assertThat(settings.string("members", "")).as("a system property wins over the context").isEqualTo("http://p:1");
        assertThat(settings.raw("unknown")).isEmpty();
    }

    @Test
    void theConfigFileMayBeAClassPathResource() {
        Settings settings = Settings.load(Map.of("config", "classpath:settings-test.json"), KNOWN, n -> null, n -> null);
        assertThat(settings.string("strategy", "")).isEqualTo("maglev");
        assertThatThrownBy(() -> Settings.load(Map.of("config", "classpath:none.json"), KNOWN, n -> null, n -> null))
                .hasMessage("affinity setting 'config': cannot read the JSON file classpath:none.json: not found on the class path");
        assertThatThrownBy(() -> Settings.load(Map.of("config", "/WEB-INF/affinity.json"), KNOWN, n -> null, n -> null))
                .hasMessage("affinity setting 'config': cannot read the JSON file /WEB-INF/affinity.json: there is no webapp to read it from");
    }

    @Test
    void cookieNamesAndPathsHaveOneRuleEach() {
        Settings settings = Settings.of(Map.of("members", "a;b", "strategy", "/ok/path-1.json", "health.rise", "/a b"), KNOWN);
        assertThatThrownBy(() -> settings.cookieName("members", "X")).hasMessage("affinity setting 'members' has the invalid value 'a;b': "
                + "accepted: a cookie name of 1 to 64 letters, digits, '_', '.' or '-'");
        assertThat(settings.cookieName("absent", "JSESSIONID")).isEqualTo("JSESSIONID");
        assertThat(settings.path("strategy", "/x")).isEqualTo("/ok/path-1.json");
        assertThatThrownBy(() -> settings.path("health.rise", "/x")).hasMessageContaining("'health.rise' has the invalid value '/a b'");
    }

    @Test
    void typedValuesNameTheSettingAndWhatItAccepts() {
        Settings settings = Settings.of(Map.of("health.interval", "-1s", "health.rise", "0", "strategy", "round-robin",
                "members", "yes"), KNOWN);
        assertThatThrownBy(() -> settings.duration("health.interval", Duration.ZERO, Duration.ZERO))
                .hasMessage("affinity setting 'health.interval' has the invalid value '-1s': accepted: "
                        + "a duration of at least 0s such as 500ms, 2s, 1m or 1h");
        assertThatThrownBy(() -> settings.integer("health.rise", 2, 1, 100))
                .hasMessage("affinity setting 'health.rise' has the invalid value '0': accepted: a whole number from 1 to 100");
        assertThatThrownBy(() -> settings.bool("members", false)).hasMessageContaining("true or false");
        assertThat(settings.duration("absent", Duration.ofSeconds(2), Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Settings.of(Map.of("health.interval", "250ms"), KNOWN).duration("health.interval", Duration.ZERO, Duration.ZERO))
                .isEqualTo(Duration.ofMillis(250));
    }
}
