package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import dev.affinity.testing.ChildJvm;
import dev.affinity.testing.LoopbackHazelcast;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two Tomcat nodes with the {@code AffinityManager} (sync mode) in separate JVMs share a Hazelcast
 * cluster; sessions live on node a; {@code kill -9} of node a; node b serves every session with
 * every attribute, a cart mutated in place included, under its id re-issued with b's route. A
 * write caught in flight by the kill is answered {@code 503} and retried, as a client does.
 */
class ManagerFailoverProcessTest {
    private static final int SESSIONS = 20;

    @Test
    void everySessionContinuesOnTheOtherNodeAfterKill9() throws Exception {
        try (LoopbackHazelcast cluster = new LoopbackHazelcast(2);
             ChildJvm a = node("a", cluster, 0); ChildJvm b = node("b", cluster, 1)) {
            URI onA = ready(a);
            URI onB = ready(b);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> clusterState(onA).equals("2 safe") && clusterState(onB).equals("2 safe"));

            List<Browser> browsers = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                Browser browser = new Browser();
                browser.get(SessionServlet.at(onA, "op=set&name=user&value=u" + i)).okBody();
                browser.get(SessionServlet.at(onA, "op=set-list&name=cart&value=apple")).okBody();
                browser.get(SessionServlet.at(onA, "op=append&name=cart&value=pear" + i)).okBody();
                browser.get(SessionServlet.at(onA, "op=set&name=step&value=" + (i * 7))).okBody();
                assertThat(browser.sessionId().orElseThrow()).endsWith(".a");
                browsers.add(browser);
            }

            a.kill();

            for (int i = 0; i < SESSIONS; i++) {
                Browser browser = browsers.get(i);
                String key = browser.sessionId().orElseThrow().replaceAll("\\.a$", "");
                Answer dump = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> browser.get(SessionServlet.at(onB, "op=dump")), answer -> answer.status() != 503);
                assertThat(dump.okBody()).isEqualTo("{cart=[apple, pear" + i + "], step=" + (i * 7) + ", user=u" + i + "}");
                assertThat(browser.sessionId().orElseThrow()).isEqualTo(key + ".b");
                assertThat(browser.get(SessionServlet.at(onB, "op=id")).okBody()).as("a session taken over is not new").isEqualTo("new=false");
            }
        }
    }

    private static ChildJvm node(String route, LoopbackHazelcast cluster, int member) throws Exception {
        return ChildJvm.main("manager-" + route, NodeProcess.JVM_OPTIONS, ManagerNodeMain.class, route,
                cluster.memberYaml(member).toString(), "sync", cluster.secret());
    }

    private static URI ready(ChildJvm node) {
        return URI.create("http://127.0.0.1:" + Integer.parseInt(node.awaitLine("READY ", NodeProcess.READY_TIMEOUT)) + "/app");
    }

    /** The node's member count and whether every partition has its backup replica: a sync change made before that waits for it. */
    private static String clusterState(URI node) {
        return new Browser().get(URI.create(node + "/cluster-state")).okBody();
    }
}
