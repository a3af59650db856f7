package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BodyWatchTest {
    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void aClientBelowTheMinimumRateIsCutOffAfterTheGraceSecond() {
        BodyWatch watch = new BodyWatch(1024, 0, now::get);
        watch.received(100);
        watch.delivered();
        now.addAndGet(1_000);
        assertThat(watch.violation()).as("within the grace").isNull();
        now.addAndGet(100);
        assertThat(watch.violation()).contains("forward.body.min-rate (1024 bytes per second)");
        assertThat(watch.waitingForClient()).isTrue();
    }

    @Test
    void aClientKeepingToTheRateIsNotCutOff() {
        BodyWatch watch = new BodyWatch(1024, 0, now::get);
        for (int second = 0; second < 10; second++) {
            watch.received(1024);
            watch.delivered();
            now.addAndGet(1_000);
            assertThat(watch.violation()).as("second " + second).isNull();
        }
    }

    @Test
    void theTimeTheMemberTakesToReadTheBodyDoesNotCountAgainstTheClient() {
        BodyWatch watch = new BodyWatch(1024, 0, now::get);
        watch.received(2048);
        now.addAndGet(60_000);
        assertThat(watch.waitingForClient()).as("waiting for the member").isFalse();
        assertThat(watch.violation()).isNull();
        watch.delivered();
        now.addAndGet(500);
        assertThat(watch.violation()).isNull();
    }

    @Test
    void aBodyLongerThanTheTotalLimitIsCutOffWhateverItsRateAndAFinishedOneNever() {
        BodyWatch watch = new BodyWatch(0, 5_000, now::get);
        watch.received(1 << 20);
        watch.delivered();
        now.addAndGet(5_001);
        assertThat(watch.violation()).contains("forward.body.timeout");
        BodyWatch done = new BodyWatch(1024, 5_000, now::get);
        done.done();
        now.addAndGet(60_000);
        assertThat(done.violation()).isNull();
        assertThat(done.waitingForClient()).isFalse();
    }
}
