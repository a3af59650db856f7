package dev.affinity.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.ChildJvm;
import dev.affinity.testing.FreePorts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On {@code SIGTERM} the fileless member stays until the webapp that started it lets it go: a
 * container finishing its last requests (and the session filter handing its sessions over and
 * flushing its queued writes) still has the member. Hazelcast's own shutdown hook would make it
 * leave at the same time, under them.
 */
class StopOrderTest {
    @Test
    void aRequestFinishedOnSigtermStillWritesToTheMember() throws Exception {
        try (ChildJvm node = ChildJvm.main("stop-order", List.of(), StopOrderMain.class, String.valueOf(FreePorts.next()))) {
            node.awaitLine("READY", NodeProcess.READY_TIMEOUT);
            node.terminate(Duration.ofSeconds(StopOrderMain.LEAVING_WAIT_SECONDS + 60));
            assertThat(node.awaitLine("STOPPED ", Duration.ofSeconds(30))).isEqualTo("wrote with the member still there");
        }
    }
}
