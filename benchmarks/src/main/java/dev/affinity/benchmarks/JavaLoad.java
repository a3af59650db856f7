package dev.affinity.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A load from Java callers, for subjects only a Java library can load (the partition-aware client):
 * {@code connections} threads each send one request at a time, {@code GET /price?id=customer-N&amount=2}
 * with N drawn at random from 1 to {@code keys}, for {@code seconds}; every answer must be {@code 200}.
 * It runs in the benchmark's JVM, so it shares the cores with the embedded servers.
 */
final class JavaLoad implements Load {
    /** Sends one request and answers its status. */
    @FunctionalInterface
    interface Sender {
        int send(String url, String pathAndQuery) throws IOException, InterruptedException;
    }

    private final int connections;
    private final int seconds;
    private final int keys;
    private final Sender sender;

    JavaLoad(int connections, int seconds, int keys, Sender sender) {
        this.connections = connections;
        this.seconds = seconds;
        this.keys = keys;
        this.sender = sender;
    }

    @Override
    public Wrk.Result run(String url) throws IOException, InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<long[]>> work = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            SplittableRandom random = new SplittableRandom(42 + i);
            work.add(threads.submit(() -> caller(url, random, end)));
        }
        List<long[]> latencies = new ArrayList<>();
        try {
            for (Future<long[]> one : work) {
                latencies.add(one.get());
            }
        } catch (ExecutionException e) {
            throw new IOException("the Java load failed on " + url + ": " + e.getCause(), e.getCause());
        } finally {
            threads.shutdownNow();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double p99 = all.length == 0 ? Double.NaN : all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)] / 1e6;
        return new Wrk.Result(all.length / elapsed, p99);
    }

    private long[] caller(String url, SplittableRandom random, long end) throws IOException, InterruptedException {
        long[] latencies = new long[1 << 16];
        int count = 0;
        while (System.nanoTime() - end < 0) {
            String path = "/price?id=customer-" + random.nextInt(1, keys + 1) + "&amount=2";
            long sent = System.nanoTime();
            int status = sender.send(url, path);
            if (status != 200) {
                throw new IOException(url + path + " answered " + status);
            }
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = System.nanoTime() - sent;
        }
        return Arrays.copyOf(latencies, count);
    }

    /** Describes the load, for the report. */
    String describe() {
        return connections + " Java threads, each sending one request at a time with the JDK's `HttpClient` (HTTP/1.1), for "
                + seconds + " s, in the benchmark's JVM";
    }
}
