package dev.affinity.benchmarks;

import dev.affinity.client.AffinityHttpClient;
import dev.affinity.routing.MemberListParser;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Placement;
import dev.affinity.routing.Strategy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The Java callers of the farm benchmark, all on one JDK {@code HttpClient}: plain (to one URL),
 * direct (to each key's owner, computed before the load starts) and partition-aware (through
 * {@link AffinityHttpClient}, which learns the ring from the farm's first node).
 */
final class CallerLoads implements AutoCloseable {
    private static final int CONNECTIONS = 16;
    private static final int SECONDS = 4;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AffinityHttpClient partitionAware;
    private final String[] owners;
    private final int keys;

    CallerLoads(String members, String firstNode, int keys) {
        this.keys = keys;
        Placement placement = Strategy.RENDEZVOUS.place(new MemberListParser("members").parseList(members));
        owners = new String[keys + 1];
        for (int n = 1; n <= keys; n++) {
            owners[n] = placement.owner(PartitionKey.of("customer-" + n).hash()).baseUrl().toString();
        }
        partitionAware = AffinityHttpClient.builder(URI.create(firstNode)).httpClient(http).build();
    }

    /** Every request to the URL the comparison gives. */
    JavaLoad plain() {
        return load((url, path) -> get(url + path));
    }

    /** Every request to its owner, looked up in a table made in advance. */
    JavaLoad direct() {
        return load((url, path) -> get(owners[Integer.parseInt(path.substring("/price?id=customer-".length(), path.indexOf('&')))] + path));
    }

    /** Every request through the partition-aware client, to the farm's logical address. */
    JavaLoad partitionAware() {
        return load((url, path) -> partitionAware.send(HttpRequest.newBuilder(URI.create("http://farm" + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    String describe() {
        return load(null).describe();
    }

    private JavaLoad load(JavaLoad.Sender sender) {
        return new JavaLoad(CONNECTIONS, SECONDS, keys, sender);
    }

    private int get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public void close() {
        partitionAware.close();
    }
}
