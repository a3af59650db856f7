package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterSettingsTest {

    @Test
    void defaultsAreSafe() {
        FilterSettings settings = FilterSettings.from(Settings.of(Map.of(), FilterSettings.NAMES));

        assertThat(settings.secret()).isEmpty();
        assertThat(settings.exposeNode()).isFalse();
        assertThat(settings.status().enabled()).isFalse();
        assertThat(settings.status().path()).isEqualTo("/affinity/status");
        assertThat(settings.forwardedHeaders()).isEqualTo(ForwardedHeaderStyle.X_FORWARDED);
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.bodyMinRate()).isEqualTo(1024);
        assertThat(settings.bodyTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.maxPerClient()).isEqualTo(64);
        assertThat(settings.warmUp()).isEqualTo(new WarmUp.Plan(0, "/affinity/health", Duration.ofSeconds(10)));
    }

    @Test
    void badValuesNameTheSettingAndWhatItAccepts() {
        assertThatThrownBy(() -> load("secret", "short"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'secret'").hasMessageContaining("at least 16 characters");
        assertThatThrownBy(() -> load("forward.headers", "via"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'forward.headers'").hasMessageContaining("x-forwarded, forwarded");
        assertThatThrownBy(() -> load("status.path", "status"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'status.path'");
        assertThatThrownBy(() -> load("forward.idle-timeout", "soon"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'forward.idle-timeout'");
        assertThatThrownBy(() -> load("forward.response-timeout", "-1s"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'forward.response-timeout'");
        assertThatThrownBy(() -> load("forward.body.min-rate", "1k"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'forward.body.min-rate'").hasMessageContaining("a whole number from 0");
        assertThatThrownBy(() -> load("forward.body.timeout", "forever"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'forward.body.timeout'");
        assertThatThrownBy(() -> load("forward.max-per-client", "-1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'forward.max-per-client'");
        assertThatThrownBy(() -> load("status.allow", "everyone"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'status.allow'").hasMessageContaining("CIDR");
        assertThatThrownBy(() -> load("warm-up", "many"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'warm-up'").hasMessageContaining("a whole number from 0 to 100000");
        assertThatThrownBy(() -> load("warm-up.path", "/warm?id=1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'warm-up.path'").hasMessageContaining("starting with '/'");
        assertThatThrownBy(() -> load("warm-up.timeout", "50ms"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'warm-up.timeout'").hasMessageContaining("at least 100ms");
        assertThatThrownBy(() -> load("forward.timeout", "1s"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown").hasMessageContaining("forward.idle-timeout");
    }

    @Test
    void aMissingSecretIsReportedWhenForwardingNeedsIt() {
        FilterSettings settings = FilterSettings.from(Settings.of(Map.of(), FilterSettings.NAMES));

        assertThatThrownBy(settings::requiredSecret).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'secret' is required").hasMessageContaining("AFFINITY_SECRET");
    }

    private static FilterSettings load(String name, String value) {
        return FilterSettings.from(Settings.of(Map.of(name, value), FilterSettings.NAMES));
    }
}
