package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affinity.testing.Browser;
import dev.affinity.testing.LogRecords;
import dev.affinity.testing.LoopbackHazelcast;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** A bad setting of the Tomcat manager stops its webapp at start, the log naming the setting and what it accepts. */
class ManagerStartTest {
    @AutoClose
    private final LoopbackHazelcast cluster = new LoopbackHazelcast(1);

    private Map<String, String> settings(String name, String value) {
        Map<String, String> settings = new HashMap<>(Map.of("self", "n1", "secret", cluster.secret(),
                "hazelcast.config", cluster.memberYaml(0).toString()));
        settings.put(name, value);
        return settings;
    }

    @Test
    void aBadValueNamesTheSettingAndWhatItAccepts() {
        assertThat(failedStart(settings("write-mode", "sometimes"), null)).contains("write-mode", "sometimes", "sync", "async");
    }

    @Test
    void aMisspelledAttributeIsRefused() {
        assertThat(failedStart(settings("write-mod", "sync"), null)).contains("unknown affinity parameter 'write-mod'");
    }

    @Test
    void aSettingTomcatOwnsNamesWhereItBelongs() {
        assertThat(failedStart(settings("cookie.same-site", "strict"), null))
                .contains("'cookie.same-site' is not a setting of the Tomcat session manager", "<CookieProcessor>");
    }

    @Test
    void theEngineJvmRouteIsTheRouteWhenSelfIsLeftOut() throws Exception {
        Map<String, String> settings = settings("write-mode", "sync");
        settings.remove("self");
        try (ManagerNode node = ManagerNode.start(settings, "n1")) {
            Browser browser = new Browser();
            browser.get(SessionServlet.at(node.baseUrl(), "op=touch")).okBody();
            assertThat(browser.sessionId().orElseThrow()).matches("[0-9A-F]{32}\\.n1");
        }
    }

    @Test
    void anEngineJvmRouteOtherThanSelfIsRefused() {
        assertThat(failedStart(settings("self", "n1"), "n2")).contains("jvmRoute 'n2'", "route 'n1'");
    }

    /** Starts a node that must fail (with the Engine's {@code jvmRoute}, if given), and answers what was logged. */
    private static String failedStart(Map<String, String> settings, String jvmRoute) {
        try (LogRecords log = new LogRecords("")) {
            assertThatThrownBy(() -> ManagerNode.start(settings, jvmRoute).close()).hasMessageContaining("did not start");
            return log.text();
        }
    }
}
