package dev.affinity.benchmarks;

import dev.affinity.testing.ChildJvm;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A 1 GiB upload and a 1 GiB download through one forward, with the forwarding node in its own
 * JVM at {@code -Xmx64m}; the same transfers straight to the owner are the baseline. Reports the
 * forwarding node's resident memory after start-up and at its peak ({@code VmHWM} in /proc).
 */
final class StreamingBenchmark {
    static final long SIZE = 1L << 30;
    private static final String HEAP = "-Xmx64m";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    String run() throws Exception {
        try (JettyNode owner = JettyNode.bind()) {
            owner.serve(new BenchApp());
            ChildJvm node = ChildJvm.main("forwarding-node", List.of(HEAP, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                    ForwardingNode.class, String.valueOf(owner.port()));
            try {
                int nodePort = Integer.parseInt(node.awaitLine("ready ", Duration.ofSeconds(60)));
                Map<String, Integer> ports = new LinkedHashMap<>();
                ports.put("a", nodePort);
                ports.put("b", owner.port());
                String path = "/blob?id=" + Farms.idOwnedBy(Farms.loopback(ports), "b");
                long rssAfterStart = memory(node, "VmRSS");
                String forwarded = "http://127.0.0.1:" + nodePort + path;
                String direct = owner.url() + path;
                double downDirect = download(direct);
                double downForwarded = download(forwarded);
                double upDirect = upload(direct);
                double upForwarded = upload(forwarded);
                long peak = memory(node, "VmHWM");
                return "| transfer | owner directly (baseline) MiB/s | through the forwarding node MiB/s | ratio |\n"
                        + "| --- | ---: | ---: | ---: |\n"
                        + String.format("| 1 GiB download (GET) | %.0f | %.0f | %.2f |%n", downDirect, downForwarded, downForwarded / downDirect)
                        + String.format("| 1 GiB upload (POST) | %.0f | %.0f | %.2f |%n", upDirect, upForwarded, upForwarded / upDirect)
                        + String.format("%nBoth transfers through the forwarding node (`%s`) completed with every byte counted. "
                                + "Its resident set: %d MiB after start-up, %d MiB at its peak (VmHWM), for 2 GiB streamed.%n",
                                HEAP, rssAfterStart / 1024, peak / 1024);
            } finally {
                node.stop(Duration.ofSeconds(10));
            }
        }
    }

    /** A field of /proc/PID/status, in KiB. */
    private static long memory(ChildJvm process, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
                .filter(line -> line.startsWith(field + ":"))
                .map(line -> line.replaceAll("[^0-9]", ""))
                .mapToLong(Long::parseLong).findFirst()
                .orElseThrow(() -> new IOException(field + " is not in /proc/" + process.pid() + "/status"));
    }

    /** Downloads {@code SIZE} bytes and returns MiB/s; fails unless every byte arrived. */
    private double download(String url) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(url + "&bytes=" + SIZE)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long received = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream body = response.body()) {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                received += n;
            }
        }
        return rate(url, "download", response.statusCode(), received, start);
    }

    /** Uploads {@code SIZE} bytes and returns MiB/s; fails unless the owner counted every byte. */
    private double upload(String url) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(SIZE)), SIZE))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return rate(url, "upload", response.statusCode(), Long.parseLong(response.body().trim()), start);
    }

    private static double rate(String url, String transfer, int status, long bytes, long startNanos) throws IOException {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (status != 200 || bytes != SIZE) {
            throw new IOException(transfer + " of " + url + " answered " + status + " after " + bytes + " bytes");
        }
        System.out.printf("%s %s: %.1f s%n", transfer, url, seconds);
        return SIZE / (1024.0 * 1024.0) / seconds;
    }

    /** {@code size} zero bytes. */
    private static final class Zeros extends InputStream {
        private long remaining;

        Zeros(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            if (remaining == 0) {
                return -1;
            }
            remaining--;
            return 0;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
            remaining -= n;
            return n;
        }
    }
}
