package dev.affinity.filter;

import dev.affinity.access.AdminSignature;
import dev.affinity.logging.Log;
import dev.affinity.routing.Member;
import dev.affinity.routing.PeerHttp;
import dev.affinity.routing.Routing;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Tells every other member at once that this node drains or serves again: a signed
 * {@code POST <context>/affinity/admin/peer-state} each, so they stop (or resume) placing keys
 * here without waiting for a health probe. Fire and forget: a member that misses it sees the
 * state at its next probe.
 */
final class PeerNotice implements AutoCloseable {
    static final String DRAINING = "draining";
    static final String SERVING = "serving";
    private static final Log LOG = Log.of(PeerNotice.class);

    private final Routing routing;
    private final AdminSignature signatures;
    private final String path;
    private final Duration timeout;
    private final ExecutorService threads = Executors.newCachedThreadPool(PeerHttp.daemonThreads("affinity-peer-notice"));
    private final HttpClient client;

    PeerNotice(Routing routing, AdminSignature signatures, String contextPath, Duration timeout) {
        this.routing = routing;
        this.signatures = signatures;
        this.path = contextPath + "/affinity/admin/peer-state";
        this.timeout = timeout;
        this.client = PeerHttp.newClient(timeout, threads);
    }

    /** Tells the other members this node drains ({@code true}) or serves. */
    void announce(boolean draining) {
        Member self = routing.knownSelf().orElse(null);
        if (self == null) {
            return;
        }
        String header = signatures.sign(draining ? DRAINING : SERVING, self.name());
        for (Member member : routing.membership().members()) {
            if (member.name().equals(self.name())) {
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(member.baseUrl() + path)).timeout(timeout)
                    .header(AdminSignature.HEADER, header).POST(HttpRequest.BodyPublishers.noBody()).build();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((answer, failure) -> {
                if (failure != null || answer.statusCode() != 200) {
                    LOG.debug("affinity: {} did not take this node's state: {}", member, failure != null ? failure.toString() : answer.statusCode());
                }
            });
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
