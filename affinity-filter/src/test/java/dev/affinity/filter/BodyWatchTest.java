package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The body's limits as the forwarding node checks them, once a second, on a clock the test moves. */
class BodyWatchTest {
    private static final int UNKNOWN_LENGTH = -1;
    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void aClientBelowTheMinimumRateIsCutOffAfterTheGraceSecond() {
        BodyWatch watch = new BodyWatch(1024, 0, UNKNOWN_LENGTH, now::get);
        watch.received(100);
        watch.delivered();
        now.addAndGet(1_000);
        assertThat(watch.violation()).as("within the grace").isNull();
        now.addAndGet(100);
        assertThat(watch.violation()).contains("forward.body.min-rate (1024 bytes per second)");
    }

    @Test
    void aClientKeepingToTheRateIsNotCutOff() {
        BodyWatch watch = new BodyWatch(1024, 0, UNKNOWN_LENGTH, now::get);
        for (int second = 0; second < 10; second++) {
            watch.received(1024);
            watch.delivered();
            now.addAndGet(1_000);
            assertThat(watch.violation()).as("second " + second).isNull();
        }
    }

    @Test
    void theTimeTheMemberTakesToReadTheBodyDoesNotCountAgainstTheClient() {
        BodyWatch watch = new BodyWatch(1024, 0, UNKNOWN_LENGTH, now::get);
        watch.received(2048);
        for (int second = 0; second < 60; second++) {
            now.addAndGet(1_000);
            assertThat(watch.waitingForClient()).as("waiting for the member").isFalse();
            assertThat(watch.violation()).as("second " + second).isNull();
        }
        watch.delivered();
        now.addAndGet(500);
        assertThat(watch.violation()).isNull();
        assertThat(watch.waitingForClient()).isTrue();
    }

    @Test
    void aBodyLongerThanTheTotalLimitIsCutOffWhateverItsRateAndAFinishedOneNever() {
        BodyWatch watch = new BodyWatch(0, 5_000, UNKNOWN_LENGTH, now::get);
        watch.received(1 << 20);
        watch.delivered();
        for (int second = 0; second < 5; second++) {
            now.addAndGet(1_000);
            assertThat(watch.violation()).as("second " + second).isNull();
        }
        now.addAndGet(1_000);
        assertThat(watch.violation()).contains("forward.body.timeout");
        BodyWatch done = new BodyWatch(1024, 5_000, UNKNOWN_LENGTH, now::get);
        done.done();
        now.addAndGet(1_000);
        assertThat(done.violation()).isNull();
        assertThat(done.waitingForClient()).isFalse();
    }

    /**
     * This node stopped for 19 s (a {@code SIGSTOP}) while the client's bytes waited unread: the late
     * check judges nothing, and the bytes read once the node runs again keep the client within the
     * rate; a client that then sends nothing is still cut off.
     */
    @Test
    void aStallOfThisNodeDoesNotCountAgainstTheClient() {
        BodyWatch watch = new BodyWatch(1024, 5_000, UNKNOWN_LENGTH, now::get);
        watch.received(100);
        watch.delivered();
        now.addAndGet(500);
        assertThat(watch.violation()).isNull();
        now.addAndGet(19_000);
        assertThat(watch.violation()).as("the check at the end of the stall").isNull();
        watch.received(2_000);
        watch.delivered();
        now.addAndGet(1_000);
        assertThat(watch.violation()).as("a second after the stall").isNull();
        String violation = null;
        for (int second = 0; second < 10 && violation == null; second++) {
            now.addAndGet(1_000);
            violation = watch.violation();
        }
        assertThat(violation).as("a client that sends nothing more").isNotNull();
    }

    @Test
    void aClientWhoseDeclaredBodyHasArrivedIsNeverCutOff() {
        BodyWatch watch = new BodyWatch(1024, 2_000, 30, now::get);
        watch.received(30);
        for (int second = 0; second < 5; second++) {
            now.addAndGet(1_000);
            assertThat(watch.violation()).as("second " + second).isNull();
        }
        assertThat(watch.isDone()).isTrue();
        assertThat(watch.waitingForClient()).isFalse();
    }

    @Test
    void noByteIsPassedOnAfterTheClientWasCutOff() {
        BodyWatch watch = new BodyWatch(1024, 0, 4096, now::get);
        assertThat(watch.received(10)).isTrue();
        watch.delivered();
        now.addAndGet(1_000);
        assertThat(watch.violation()).isNull();
        now.addAndGet(1_000);
        assertThat(watch.violation()).isNotNull();
        assertThat(watch.received(4086)).as("the rest, read after the cut-off").isFalse();
    }

    @Test
    void theEndOfABodyWithoutLengthIsNotPassedOnAfterTheClientWasCutOff() {
        BodyWatch watch = new BodyWatch(1024, 0, UNKNOWN_LENGTH, now::get);
        watch.received(10);
        watch.delivered();
        now.addAndGet(1_000);
        assertThat(watch.violation()).isNull();
        now.addAndGet(1_000);
        assertThat(watch.violation()).isNotNull();
        assertThat(watch.completed()).as("the last chunk, read after the cut-off").isFalse();

        BodyWatch onTime = new BodyWatch(1024, 0, UNKNOWN_LENGTH, now::get);
        onTime.received(10);
        assertThat(onTime.completed()).isTrue();
        now.addAndGet(1_000);
        assertThat(onTime.violation()).isNull();
    }
}
