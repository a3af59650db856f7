package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;

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
}
