package dev.affinity.session;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import dev.affinity.testing.ChildJvm;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A fileless member in its own JVM, started by {@link StopOrderTest}, with a shutdown hook that does
 * what a container does on {@code SIGTERM}: it finishes a last request, which writes to the map, and
 * only then lets the member go. The request comes once the member began leaving on a hook of its
 * own, or after {@value #LEAVING_WAIT_SECONDS} s without that. Prints {@code READY}, then
 * {@code STOPPED} and how the write went, from the hook.
 *
 * <p>Argument: the member's port.
 */
public final class StopOrderMain {
    static final int LEAVING_WAIT_SECONDS = 5;

    private StopOrderMain() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        FilelessMember settings = new FilelessMember("stop-order-" + port, "127.0.0.1", List.of("127.0.0.1:" + port), port, 1);
        HazelcastInstance member = Hazelcast.newHazelcastInstance(settings.config());
        CountDownLatch leaving = new CountDownLatch(1);
        member.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleState.SHUTTING_DOWN) {
                leaving.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> lastRequest(member, leaving), "container-stop"));
        ChildJvm.tell("READY");
        ChildJvm.awaitParentGone(System.in);
    }

    private static void lastRequest(HazelcastInstance member, CountDownLatch leaving) {
        try {
            boolean left = leaving.await(LEAVING_WAIT_SECONDS, TimeUnit.SECONDS);
            member.getMap("stop-order").set("last", "request");
            ChildJvm.tell("STOPPED wrote " + (left ? "while the member was leaving" : "with the member still there"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            ChildJvm.tell("STOPPED failed: " + e);
        }
        member.shutdown();
    }
}
