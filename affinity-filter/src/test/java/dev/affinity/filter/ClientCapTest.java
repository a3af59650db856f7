package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClientCapTest {

    @Test
    void theCapPerClientCountsForwardsInProgressPerAddress() {
        ClientCap cap = new ClientCap(2);
        assertThat(cap.acquire("10.0.0.1")).isTrue();
        assertThat(cap.acquire("10.0.0.1")).isTrue();
        assertThat(cap.acquire("10.0.0.1")).isFalse();
        assertThat(cap.acquire("10.0.0.2")).isTrue();
        cap.release("10.0.0.1");
        assertThat(cap.acquire("10.0.0.1")).isTrue();
        ClientCap none = new ClientCap(0);
        for (int i = 0; i < 1000; i++) {
            assertThat(none.acquire("10.0.0.1")).isTrue();
        }
    }

    @Test
    void anAddressBackToNoForwardStartsAfresh() {
        ClientCap cap = new ClientCap(1);
        for (int i = 0; i < 100; i++) {
            assertThat(cap.acquire("10.0.0.1")).isTrue();
            assertThat(cap.acquire("10.0.0.1")).isFalse();
            cap.release("10.0.0.1");
        }
    }

    @Test
    void concurrentForwardsOfOneAddressNeverExceedTheCapNorLeakPlaces() throws Exception {
        int limit = 3;
        ClientCap cap = new ClientCap(limit);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    if (cap.acquire("10.0.0.1")) {
                        most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                        holding.decrementAndGet();
                        cap.release("10.0.0.1");
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(most.get()).isLessThanOrEqualTo(limit);
        for (int i = 0; i < limit; i++) {
            assertThat(cap.acquire("10.0.0.1")).isTrue();
        }
        assertThat(cap.acquire("10.0.0.1")).isFalse();
    }
}
