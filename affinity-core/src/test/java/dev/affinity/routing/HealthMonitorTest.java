package dev.affinity.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.affinity.config.Settings;
import dev.affinity.testing.HandlerServer;
import dev.affinity.testing.TestBudgets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthMonitorTest {
    /**
     * "At once", counted in probe answers: the answer that changed the member's state, and one more
     * that the next probe may have fetched while the monitor was still applying the first (its probe
     * ended, so another may start, before the state is set).
     */
    private static final int ANSWERS_AT_ONCE = 2;
    private final AtomicInteger status = new AtomicInteger(200);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private HandlerServer a;
    private HandlerServer b;
    private HealthMonitor monitor;
    private Member memberA;
    private Member memberB;

    @BeforeEach
    void start() throws Exception {
        a = new HandlerServer("member", healthHandler(new AtomicInteger(200)));
        b = new HandlerServer("member", healthHandler(status));
        List<Member> members = new MemberListParser("members").parseList(a.baseUrl() + ";name=a," + b.baseUrl() + ";name=b");
        memberA = members.get(0);
        memberB = members.get(1);
        monitor = new HealthMonitor(HealthSettings.from(Settings.of(Map.of(
                "health.interval", "50ms", "health.timeout", "3s", "health.rise", "2", "health.fall", "2",
                "health.passive.failures", "2", "health.passive.backoff", "200ms"), HealthSettings.NAMES), "/affinity/health"));
        monitor.addListener((member, healthy) -> events.add(member.name() + (healthy ? " up" : " down")));
        monitor.start(members, null);
    }

    @AfterEach
    void stop() throws Exception {
        monitor.close();
        a.close();
        b.close();
    }

    @Test
    void aStoppedMemberGoesDownAfterItsFallCountAndComesBackAfterRestart() throws Exception {
        assertThat(monitor.isHealthy(memberB)).isTrue();
        b.stop();
        await().atMost(TestBudgets.EVENTUALLY).until(() -> !monitor.isHealthy(memberB));
        assertThat(monitor.isHealthy(memberA)).isTrue();
        // listeners are told after the state changes, so the event may trail the state a little
        await().atMost(TestBudgets.EVENTUALLY).untilAsserted(() -> assertThat(events).containsExactly("b down"));
        b.restart();
        await().atMost(TestBudgets.EVENTUALLY).until(() -> monitor.isHealthy(memberB));
        await().atMost(TestBudgets.EVENTUALLY).untilAsserted(() -> assertThat(events).containsExactly("b down", "b up"));
        assertThat(monitor.snapshot()).containsEntry(memberA, true).containsEntry(memberB, true);
    }

    @Test
    void aMemberIsAssumedUpButConfirmedOnlyOnceAProbeSucceeds() throws Exception {
        b.stop();
        try (HealthMonitor patient = new HealthMonitor(HealthSettings.from(Settings.of(Map.of(
                "health.interval", "200ms", "health.timeout", "3s", "health.fall", "100"), HealthSettings.NAMES), "/affinity/health"))) {
            patient.start(List.of(memberB), null);
            assertThat(patient.isHealthy(memberB)).as("assumed up until its fall count of failures").isTrue();
            assertThat(patient.isConfirmed(memberB)).as("no probe of a stopped member succeeds").isFalse();

            b.restart();
            await().atMost(TestBudgets.EVENTUALLY).until(() -> patient.isConfirmed(memberB));
            patient.self(memberA);
            assertThat(patient.isConfirmed(memberA)).as("this node is never probed and always confirmed").isTrue();
        }
    }

    @Test
    void anErrorStatusCountsAsAFailedProbe() {
        status.set(503);
        await().atMost(TestBudgets.EVENTUALLY).until(() -> !monitor.isHealthy(memberB));
        status.set(200);
        await().atMost(TestBudgets.EVENTUALLY).until(() -> monitor.isHealthy(memberB));
    }

    @Test
    void aMemberThatStallsItsAnswerGoesDownWithinTheProbeTimeout() throws Exception {
        try (HandlerServer stalled = new HandlerServer("stalled", stallingHandler());
             HealthMonitor quick = new HealthMonitor(HealthSettings.from(Settings.of(Map.of(
                     "health.interval", "50ms", "health.timeout", "200ms", "health.fall", "2"), HealthSettings.NAMES),
                     "/affinity/health"))) {
            Member member = new MemberListParser("members").parseList(stalled.baseUrl() + ";name=stalled").get(0);
            quick.start(List.of(member), null);
            // without the probe's deadline on the body, the first probe would never end and the member never go down
            await().atMost(TestBudgets.EVENTUALLY).until(() -> !quick.isHealthy(member));
        }
    }

    @Test
    void passiveFailuresEjectAMemberUntilItsBackOffEnds() {
        monitor.reportFailure(memberA);
        assertThat(monitor.isHealthy(memberA)).as("one failure is below health.passive.failures").isTrue();
        long ejected = System.nanoTime();
        monitor.reportFailure(memberA);
        assertThat(monitor.isHealthy(memberA)).isFalse();
        await().atMost(TestBudgets.EVENTUALLY).until(() -> monitor.isHealthy(memberA));
        assertThat(Duration.ofNanos(System.nanoTime() - ejected)).as("ejected until health.passive.backoff (200ms) ended")
                .isGreaterThanOrEqualTo(Duration.ofMillis(200));
        await().atMost(TestBudgets.EVENTUALLY).untilAsserted(() -> assertThat(events).containsExactly("a down", "a up"));
    }

    @Test
    void onlyTheConfiguredStatusesOfAnAnswerCountAgainstTheMember() {
        for (int i = 0; i < 5; i++) {
            monitor.reportAnswer(memberA, 500);
            monitor.reportAnswer(memberA, 501);
        }
        assertThat(monitor.isHealthy(memberA)).as("an application's 500 and 501 are its answers, not failures").isTrue();
        monitor.reportAnswer(memberA, 503);
        monitor.reportAnswer(memberA, 200);
        monitor.reportAnswer(memberA, 502);
        assertThat(monitor.isHealthy(memberA)).as("an answer in between resets the count").isTrue();
        monitor.reportAnswer(memberA, 504);
        assertThat(monitor.isHealthy(memberA)).isFalse();
    }

    @Test
    void aMemberThatAnnouncesItselfIsUpAtOnceWhateverItsProbesSaid() {
        status.set(503);
        await().atMost(TestBudgets.EVENTUALLY).until(() -> !monitor.isHealthy(memberB));
        status.set(200);
        monitor.announced(memberB);
        assertThat(monitor.isHealthy(memberB)).as("not after health.rise probes, at once").isTrue();
        assertThat(monitor.isConfirmed(memberB)).isTrue();
        monitor.reportFailure(memberA);
        monitor.reportFailure(memberA);
        monitor.announced(memberA);
        assertThat(monitor.isHealthy(memberA)).as("no longer ejected").isTrue();
    }

    @Test
    void aSuccessResetsTheCountOfPassiveFailures() {
        monitor.reportFailure(memberA);
        monitor.reportSuccess(memberA);
        monitor.reportFailure(memberA);
        assertThat(monitor.isHealthy(memberA)).isTrue();
    }

    @Test
    void thisNodeIsAlwaysHealthyAndNeverEjected() {
        monitor.self(memberA);
        monitor.reportFailure(memberA);
        monitor.reportFailure(memberA);
        assertThat(monitor.isHealthy(memberA)).isTrue();
    }

    /** Sends the headers and part of the body of a 200, then never finishes it. */
    private static Handler stallingHandler() {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 10);
                response.write(false, StandardCharsets.US_ASCII.encode("ok"), Callback.NOOP);
                return true;
            }
        };
    }

    /**
     * Counted in probe answers, not in time: the first answer {@code 503 draining} marks the member
     * draining, and the first {@code 200} after it ends that, where {@code health.fall} (100) failed
     * probes would be needed to take it down.
     */
    @Test
    void aProbeAnsweredDrainingMarksTheMemberDrainingAtOnceAndA200EndsIt() throws Exception {
        AtomicInteger drainingStatus = new AtomicInteger(200);
        AtomicInteger drainingAnswers = new AtomicInteger();
        AtomicInteger servingAnswers = new AtomicInteger();
        try (HandlerServer c = new HandlerServer("member", new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                int answer = drainingStatus.get();
                (answer == 503 ? drainingAnswers : servingAnswers).incrementAndGet();
                answerServingOrDraining(response, answer, callback);
                return true;
            }
        });
             HealthMonitor slow = new HealthMonitor(HealthSettings.from(Settings.of(Map.of("health.interval", "50ms",
                     "health.timeout", "3s", "health.fall", "100"), HealthSettings.NAMES), "/affinity/health"))) {
            Member memberC = new MemberListParser("members").parse(c.baseUrl() + ";name=c");
            // what the member had answered when the monitor's draining flag changed: the listener runs then
            AtomicInteger drainingAnswersWhenMarked = new AtomicInteger(-1);
            AtomicInteger servingAnswersWhenUnmarked = new AtomicInteger(-1);
            AtomicInteger servingAnswersBefore = new AtomicInteger();
            slow.addListener((member, healthy) -> {
                if (slow.isDraining(memberC)) {
                    drainingAnswersWhenMarked.compareAndSet(-1, drainingAnswers.get());
                } else if (drainingAnswersWhenMarked.get() >= 0) {
                    servingAnswersWhenUnmarked.compareAndSet(-1, servingAnswers.get() - servingAnswersBefore.get());
                }
            });
            slow.start(List.of(memberC), null);
            await().atMost(TestBudgets.EVENTUALLY).until(() -> slow.isConfirmed(memberC));
            drainingStatus.set(503);
            await().atMost(TestBudgets.EVENTUALLY).until(() -> slow.isDraining(memberC));
            assertThat(drainingAnswersWhenMarked.get()).as("draining answers served when the member was marked draining")
                    .isBetween(1, ANSWERS_AT_ONCE);
            assertThat(slow.isHealthy(memberC)).as("draining, not down: health.fall is 100").isTrue();
            servingAnswersBefore.set(servingAnswers.get());
            drainingStatus.set(200);
            await().atMost(TestBudgets.EVENTUALLY).until(() -> !slow.isDraining(memberC));
            assertThat(servingAnswersWhenUnmarked.get()).as("200 answers served when the member was marked serving again")
                    .isBetween(1, ANSWERS_AT_ONCE);
        }
    }

    /**
     * A probe sent before the member said it drains may answer {@code 200} after it did: that answer
     * is older news, and must not mark the member serving again (for the time until its next probe,
     * new keys would be placed on a node that drains).
     */
    @Test
    void aProbeAnswerOlderThanWhatTheMemberSaidIsIgnored() throws Exception {
        AtomicBoolean holdNextProbe = new AtomicBoolean();
        CountDownLatch probeHeld = new CountDownLatch(1);
        CountDownLatch releaseProbe = new CountDownLatch(1);
        AtomicInteger answersAfterRelease = new AtomicInteger();
        AtomicInteger answer = new AtomicInteger(200);
        try (HandlerServer d = new HandlerServer("member", new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                int status = answer.get();
                if (holdNextProbe.compareAndSet(true, false)) {
                    probeHeld.countDown();
                    assertThat(releaseProbe.await(10, TimeUnit.SECONDS)).as("probe released").isTrue();
                } else if (releaseProbe.getCount() == 0) {
                    answersAfterRelease.incrementAndGet();
                }
                answerServingOrDraining(response, status, callback);
                return true;
            }
        });
             HealthMonitor watching = new HealthMonitor(HealthSettings.from(Settings.of(Map.of("health.interval", "20ms",
                     "health.timeout", "15s"), HealthSettings.NAMES), "/affinity/health"))) {
            Member memberD = new MemberListParser("members").parse(d.baseUrl() + ";name=d");
            List<Boolean> drainingSeen = new CopyOnWriteArrayList<>();
            watching.addListener((member, healthy) -> drainingSeen.add(watching.isDraining(memberD)));
            watching.start(List.of(memberD), null);
            await().atMost(TestBudgets.EVENTUALLY).until(() -> watching.isConfirmed(memberD));
            holdNextProbe.set(true);
            assertThat(probeHeld.await(10, TimeUnit.SECONDS)).as("a probe reached the member").isTrue();

            answer.set(503);
            watching.draining(memberD, true);
            drainingSeen.clear();
            releaseProbe.countDown();
            await().atMost(TestBudgets.EVENTUALLY).until(() -> answersAfterRelease.get() >= 2);

            assertThat(watching.isDraining(memberD)).isTrue();
            assertThat(drainingSeen).as("what the listeners saw after the member said it drains").doesNotContain(false);
        }
    }

    @Test
    void aMemberThatSaysItDrainsDrainsUntilItSaysItServesOrRestarted() {
        assertThat(monitor.isDraining(memberB)).isFalse();
        monitor.draining(memberB, true);
        assertThat(monitor.isDraining(memberB)).isTrue();
        assertThat(events).contains("b up");
        monitor.draining(memberB, false);
        assertThat(monitor.isDraining(memberB)).isFalse();
        monitor.draining(memberB, true);
        monitor.announced(memberB);
        assertThat(monitor.isDraining(memberB)).as("a restarted member serves").isFalse();
        monitor.self(memberA);
        monitor.draining(memberA, true);
        assertThat(monitor.isDraining(memberA)).as("only this node says whether it drains").isFalse();
        monitor.selfDraining(true);
        assertThat(monitor.isDraining(memberA)).isTrue();
    }

    /** A member's health answer: {@code 200}, or {@code 503} saying it drains. */
    private static void answerServingOrDraining(Response response, int status, Callback callback) {
        response.setStatus(status);
        if (status == 503) {
            response.getHeaders().put(HealthMonitor.STATE_HEADER, HealthMonitor.DRAINING);
        }
        Content.Sink.write(response, true, status == 503 ? "draining" : "ok", callback);
    }

    static Handler healthHandler(AtomicInteger status) {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(Request.getPathInContext(request).equals("/affinity/health") ? status.get() : 404);
                Content.Sink.write(response, true, "ok", callback);
                return true;
            }
        };
    }
}
