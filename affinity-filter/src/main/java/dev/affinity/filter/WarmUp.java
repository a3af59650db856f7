package dev.affinity.filter;

import dev.affinity.logging.Log;
import dev.affinity.routing.Member;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Routing;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Before this node says it is up, it sends itself {@code warm-up} idempotent {@code GET}s at
 * {@code warm-up.path} (its health endpoint by default), {@value #PARALLEL} at a time, so its
 * connector, filter chain and, for a path past the filter, the application and the forwarding
 * client run hot before the farm sends it keys. When the key chain has a {@code param:NAME}, each
 * request carries a key ({@code warm-up-<n>}) so the ones a peer owns go through this node's
 * forward path to that peer, with this node's signed mark, as any forward does. Bounded: at most
 * {@code warm-up.timeout}, after which the node goes on starting with what was done.
 */
final class WarmUp {
    /** The requests in flight at once. */
    static final int PARALLEL = 4;

    private static final Log LOG = Log.of(WarmUp.class);

    private final Routing routing;
    private final int count;
    private final String path;
    private final Duration limit;
    private final String healthPath;
    private final String instance;

    /**
     * What the warm-up does, from the settings.
     *
     * @param count how many requests to send ({@code warm-up}); zero: no warm-up
     * @param path where to send them ({@code warm-up.path}), under the context path until {@link #under}
     * @param limit the longest the warm-up may take, each request included ({@code warm-up.timeout})
     */
    record Plan(int count, String path, Duration limit) {
        /** The same plan with its path under {@code contextPath}. */
        Plan under(String contextPath) {
            return new Plan(count, contextPath + path, limit);
        }
    }

    /**
     * @param routing the routing core
     * @param plan what to do, its path including the context path
     * @param healthPath the filter's health endpoint, context path included
     * @param instance this node's instance id, sent on a warm-up of the health endpoint so it answers at once
     */
    WarmUp(Routing routing, Plan plan, String healthPath, String instance) {
        this.routing = routing;
        this.count = plan.count();
        this.path = plan.path();
        this.limit = plan.limit();
        this.healthPath = healthPath;
        this.instance = instance;
    }

    /** Sends the warm-up requests to {@code self} through {@code client} and waits for their answers, at most {@code limit}. */
    void run(HttpClient client, Member self) {
        if (count == 0) {
            return;
        }
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        Semaphore slots = new Semaphore(PARALLEL);
        AtomicInteger answered = new AtomicInteger();
        Optional<String> keyParameter = path.equals(healthPath) ? Optional.empty() : routing.keys().queryParameter();
        int forTheirOwners = 0;
        int sent = 0;
        try {
            for (; sent < count && slots.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS); sent++) {
                String target = path;
                if (keyParameter.isPresent()) {
                    String key = "warm-up-" + sent;
                    target = path + "?" + keyParameter.get() + "=" + key;
                    Member owner = routing.router().choose(PartitionKey.of(key)).first();
                    forTheirOwners += owner != null && !owner.name().equals(self.name()) ? 1 : 0;
                }
                client.sendAsync(request(self, target, Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))), HttpResponse.BodyHandlers.discarding())
                        .whenComplete((answer, failure) -> {
                            if (failure == null) {
                                answered.incrementAndGet();
                            }
                            slots.release();
                        });
            }
            slots.tryAcquire(PARALLEL, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("affinity: warmed up with {} of {} requests to {} ({} owned by peers), {} answered, in {} ms", sent, count, path,
                forTheirOwners, answered.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private HttpRequest request(Member self, String target, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(self.baseUrl() + target)).timeout(timeout).GET();
        if (target.equals(healthPath)) {
            request.header(SelfCheck.INSTANCE_HEADER, instance);
        }
        return request.build();
    }
}
