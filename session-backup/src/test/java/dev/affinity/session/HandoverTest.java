package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.testing.Answer;
import dev.affinity.testing.Browser;
import dev.affinity.testing.LoopbackHazelcast;
import dev.affinity.testing.SessionStatus;
import dev.affinity.testing.TestBudgets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A draining node hands its sessions over ({@code async} writes): each session's last change is in
 * the backup (and a change made while it drains), the node holds none once their requests end, and
 * the sessions continue on another node with every attribute, under ids re-issued with that node's
 * route.
 */
class HandoverTest {

    @Test
    void aDrainingNodeHandsEverySessionOverAndTheyContinueOnTheOtherNode() throws Exception {
        try (LoopbackHazelcast cluster = new LoopbackHazelcast(2);
             Node a = node(cluster, "a", 0); Node b = node(cluster, "b", 1)) {
            for (Node node : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(60)).until(node::status, status -> SessionStatus.safeWith(status, 2));
            }
            Browser idle = new Browser();
            for (int i = 0; i < 20; i++) {
                assertThat(idle.get(SessionServlet.at(a.baseUrl(), "op=set&name=n" + i + "&value=v" + i)).body()).isEqualTo("ok");
            }
            Browser busy = new Browser();
            assertThat(busy.get(SessionServlet.at(a.baseUrl(), "op=set&name=first&value=1")).okBody()).isEqualTo("ok");
            SessionServlet.release = new CountDownLatch(1);
            SessionServlet.entered = new CountDownLatch(1);
            CompletableFuture<Answer> inUse = CompletableFuture.supplyAsync(
                    () -> busy.get(SessionServlet.at(a.baseUrl(), "op=set-wait&name=last&value=2")));
            SessionServlet.entered.await();

            assertThat(a.filter().drain().drain()).isTrue();
            await("the idle session handed over").atMost(TestBudgets.EVENTUALLY).until(() -> a.filter().drain().sessions() == 1);
            await().atMost(TestBudgets.EVENTUALLY).until(() -> a.status().get("pendingWrites").asInt() == 0);
            assertThat(a.filter().drain().sessions()).as("the session in use stays until its request ends").isEqualTo(1);
            SessionServlet.release.countDown();
            assertThat(inUse.get().status()).isEqualTo(200);
            await().atMost(TestBudgets.EVENTUALLY).until(() -> a.filter().drain().sessions() == 0);
            assertThat(busy.get(SessionServlet.at(a.baseUrl(), "op=set&name=during&value=3")).okBody()).isEqualTo("ok");
            assertThat(busy.get(SessionServlet.at(b.baseUrl(), "op=get&name=during")).body())
                    .as("a change made while draining, in the backup").isEqualTo("3");
            assertThat(a.status().get("sessions").asInt()).isZero();

            String idleId = idle.sessionId().orElseThrow();
            assertThat(idleId).endsWith(".a");
            for (int i = 0; i < 20; i++) {
                assertThat(idle.get(SessionServlet.at(b.baseUrl(), "op=get&name=n" + i)).body()).isEqualTo("v" + i);
            }
            assertThat(idle.sessionId().orElseThrow()).isNotEqualTo(idleId).endsWith(".b");
            assertThat(busy.get(SessionServlet.at(b.baseUrl(), "op=get&name=first")).body()).isEqualTo("1");
            assertThat(busy.get(SessionServlet.at(b.baseUrl(), "op=get&name=last")).body()).isEqualTo("2");
            assertThat(busy.sessionId().orElseThrow()).endsWith(".b");
        }
    }

    private static Node node(LoopbackHazelcast cluster, String self, int member) throws Exception {
        return Node.onJetty(Map.of("self", self, "secret", cluster.secret(), "write-mode", "async",
                "hazelcast.config", cluster.memberYaml(member).toString(), "session-status.enabled", "true"));
    }
}
