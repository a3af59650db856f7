package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad settings stop the Jetty store's context at start-up, naming the setting. */
class JettyStoreSettingsTest {
    private static final String SECRET = "a-farm-secret-of-enough-length";

    @Test
    void aSettingOnlyTheFilterReadsIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> new StoreNode(Map.of("self", "a", "secret", SECRET, "cookie.same-site", "strict")).close())
                .hasStackTraceContaining("affinity setting 'cookie.same-site' is the session filter's");
    }

    @Test
    void aMissingSecretIsNamed() {
        assertThatThrownBy(() -> new StoreNode(Map.of("self", "a")).close()).hasStackTraceContaining("secret");
    }

    @Test
    void anInvalidWriteModeIsNamedWithWhatItAccepts() {
        assertThatThrownBy(() -> new StoreNode(Map.of("self", "a", "secret", SECRET, "write-mode", "later")).close())
                .hasStackTraceContaining("'write-mode' has the invalid value 'later'");
    }
}
