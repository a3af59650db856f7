package dev.affinity.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.affinity.spring.sample.SampleAppMain;
import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import dev.affinity.testing.ChildJvm;
import dev.affinity.testing.FreePorts;
import dev.affinity.testing.LoopbackHazelcast;
import dev.affinity.testing.SessionStatus;
import dev.affinity.testing.TestNodeSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sample Boot application as a farm of two JVMs (on embedded Jetty, and again on embedded Tomcat), the starter configured from properties only:
 * both filters on, an embedded Hazelcast member each on 127.0.0.1, {@code write-mode=sync}. Sessions
 * written through node a, {@code kill -9} of a: every session continues on b with every attribute,
 * under an id re-issued with b's route.
 */
class BootFailoverTest {
    private static final int SESSIONS = 5;
    /** The children's options; the C1 compiler alone starts a Boot application sooner on two cores. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
            "-Dhazelcast.phone.home.enabled=false", "-Djava.net.preferIPv4Stack=true");
    /** A bound on a child's start, generous for a machine loaded by other builds. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    @Test
    void everySessionContinuesOnTheOtherAppAfterKill9() throws Exception {
        int portA = FreePorts.next();
        int portB = FreePorts.next();
        String members = TestNodeSettings.members(Map.of("a", portA, "b", portB));
        try (LoopbackHazelcast cluster = new LoopbackHazelcast(2);
             ChildJvm a = node("a", portA, members, cluster.memberYaml(0), cluster.secret());
             ChildJvm b = node("b", portB, members, cluster.memberYaml(1), cluster.secret())) {
            URI baseA = ready(a);
            URI baseB = ready(b);
            await().atMost(Duration.ofSeconds(60)).until(() -> SessionStatus.safeWith(sessionStatus(baseA), 2) && SessionStatus.safeWith(sessionStatus(baseB), 2));

            List<Browser> browsers = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                Browser browser = new Browser();
                browser.get(baseA.resolve("/session/set?name=user&value=u" + i)).okBody();
                browser.get(baseA.resolve("/session/set?name=cart&value=c" + i)).okBody();
                Answer last = browser.get(baseA.resolve("/session/set?name=step&value=" + (i * 7)));
                assertThat(last.servedBy()).isEqualTo("a");
                assertThat(browser.sessionId().orElseThrow()).endsWith(".a");
                browsers.add(browser);
            }

            a.kill();

            for (int i = 0; i < SESSIONS; i++) {
                Browser browser = browsers.get(i);
                String oldId = browser.sessionId().orElseThrow();
                // until b's affinity filter sees a down it may answer 502 (a refused forward) or 503 (a retried write)
                Answer dump = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> browser.get(baseB.resolve("/session/dump")), answer -> answer.status() == 200);
                assertThat(dump.body()).isEqualTo("{cart=c" + i + ", step=" + (i * 7) + ", user=u" + i + "}");
                assertThat(dump.servedBy()).isEqualTo("b");
                assertThat(browser.sessionId().orElseThrow()).isEqualTo(oldId.substring(0, oldId.length() - 1) + "b");
            }
        }
    }

    private static ChildJvm node(String name, int port, String members, Path hazelcastConfig, String secret) throws Exception {
        return ChildJvm.main("boot-" + name, JVM_OPTIONS, SampleAppMain.class,
                "--server.address=127.0.0.1", "--server.port=" + port,
                "--affinity.filter.members=" + members, "--affinity.filter.self=" + name,
                "--affinity.filter.secret=" + secret, "--affinity.filter.expose-node=true",
                "--affinity.filter.health.interval=500ms",
                "--affinity.session.self=" + name, "--affinity.session.secret=" + secret,
                "--affinity.session.hazelcast.config=" + hazelcastConfig, "--affinity.session.write-mode=sync",
                "--affinity.session.write-timeout=10s", "--affinity.session.read-timeout=10s",
                "--affinity.session.session-status.enabled=true");
    }

    /** The node's base URL once it serves, on the embedded container this run expects ({@code expected.web-server}). */
    private static URI ready(ChildJvm node) {
        String[] ready = node.awaitLine("READY ", READY_TIMEOUT).split(" ");
        assertThat(ready[1]).as("Boot's embedded container").isEqualTo(System.getProperty("expected.web-server"));
        return URI.create("http://127.0.0.1:" + Integer.parseInt(ready[0]));
    }

    private static JsonNode sessionStatus(URI base) {
        return new Browser().get(base.resolve("/affinity/session-status")).json();
    }
}
