package dev.affinity.client;

import dev.affinity.routing.Member;
import dev.affinity.routing.Ring;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The farm as a node describes it at its ring endpoint: read from the first that answers, the seeds first, then the members of the last ring read. */
final class EndpointRing implements RingSource {
    private final HttpClient http;
    private final List<URI> seeds;
    private final String ringPath;
    private final Duration timeout;
    private volatile Ring last;

    EndpointRing(HttpClient http, List<URI> seeds, String ringPath, Duration timeout) {
        this.http = http;
        this.seeds = List.copyOf(seeds);
        this.ringPath = ringPath;
        this.timeout = timeout;
    }

    @Override
    public Ring read() throws IOException {
        List<String> failures = new ArrayList<>();
        for (URI source : sources()) {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(source).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    failures.add(source + " answered " + answer.statusCode());
                    continue;
                }
                Ring ring = Ring.parse(answer.body());
                last = ring;
                return ring;
            } catch (IOException | IllegalArgumentException e) {
                failures.add(source + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the ring", e);
            }
        }
        throw new IOException("affinity: no node answered its ring: " + failures);
    }

    private Set<URI> sources() {
        Set<URI> sources = new LinkedHashSet<>();
        seeds.forEach(seed -> sources.add(Ring.endpoint(seed, ringPath)));
        Ring known = last;
        if (known != null) {
            for (Member member : known.memberList()) {
                sources.add(Ring.endpoint(URI.create(member.baseUrl() + known.contextPath()), ringPath));
            }
        }
        return sources;
    }
}
