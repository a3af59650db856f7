package dev.affinity.benchmarks;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.session.BackupStats;
import dev.affinity.session.SessionBackupFilter;
import dev.affinity.session.protection.BackupProtection;
import dev.affinity.testing.FreePorts;
import dev.affinity.testing.LoopbackHazelcast;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.catalina.ha.ClusterManager;
import org.apache.catalina.ha.session.BackupManager;
import org.apache.catalina.ha.session.DeltaManager;
import org.springframework.session.FlushMode;

/**
 * The session backup under the shop's cart workload ({@link CartApp}), on a loopback Hazelcast
 * cluster whose backup member runs apart from the nodes' own members. First what each request
 * writes: {@code SessionBackupFilter} ({@code sync}, so counters are exact when the response
 * arrives) against a full-session write after every request. Then request latency under load
 * with {@code async} and {@code sync} backup, and the full-session write, against no backup.
 */
final class SessionBenchmark {
    private static final int SESSIONS = 50;
    private static final int REQUESTS_PER_SESSION = 10;
    private static final int LOAD_SESSIONS = 100;
    private static final String SPRING_DEFAULT = "spring-sessions-on-save";
    private static final String SPRING_IMMEDIATE = "spring-sessions-immediate";
    private static final String NONE = "no backup (baseline)";
    private static final String ASYNC = "SessionBackupFilter, write-mode=async";
    private static final String SYNC = "SessionBackupFilter, write-mode=sync";
    private static final String SPRING_ON_SAVE = "Spring Session 3.5 Hazelcast, flush ON_SAVE (default)";
    private static final String SPRING_IMMEDIATE_NAME = "Spring Session 3.5 Hazelcast, flush IMMEDIATE";
    private static final String FULL = "full-session write after every request (sync)";
    private static final String TOMCAT_NONE = "Tomcat 11.0.14, no backup (baseline of the Tomcat rows)";
    private static final String DELTA = "Tomcat 11.0.14 DeltaManager (Tribes, all-to-all)";
    private static final String BACKUP = "Tomcat 11.0.14 BackupManager (Tribes, one backup)";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Wrk wrk;
    private final int rounds;

    SessionBenchmark(Wrk wrk, int rounds) {
        this.wrk = wrk;
        this.rounds = rounds;
    }

    /** Runs both parts; {@code loadDescription} explains the load of the latency part. */
    String run(String loadDescription) throws Exception {
        HazelcastTraffic.enableConnectionMetrics();
        LoopbackHazelcast cluster = new LoopbackHazelcast(4);
        HazelcastInstance backupMember = member(cluster, 0);
        HazelcastInstance sharedMember = member(cluster, 3);
        HazelcastInstance client = HazelcastClient.newHazelcastClient(new YamlClientConfigBuilder(cluster.clientYaml().toFile()).build());
        try (JettyNode none = JettyNode.bind(); JettyNode noneOther = JettyNode.bind();
             JettyNode async = JettyNode.bind(); JettyNode asyncOther = JettyNode.bind();
             JettyNode sync = JettyNode.bind(); JettyNode syncOther = JettyNode.bind();
             JettyNode springDefault = JettyNode.bind(); JettyNode springDefaultOther = JettyNode.bind();
             JettyNode springImmediate = JettyNode.bind(); JettyNode springImmediateOther = JettyNode.bind();
             JettyNode full = JettyNode.bind();
             TomcatNode tomcatNone = new TomcatNode(); TomcatNode delta = new TomcatNode(); TomcatNode deltaOther = new TomcatNode();
             TomcatNode backup = new TomcatNode(); TomcatNode backupOther = new TomcatNode()) {
            none.serveSessions(new CartApp(), null, Map.of());
            noneOther.serveSessions(new CartApp(), null, Map.of());
            SessionBackupFilter asyncFilter = new SessionBackupFilter();
            async.serveSessions(new CartApp(), asyncFilter, settings("a", "async", cluster.memberXml(1), "embedded"));
            asyncOther.serveSessions(new CartApp(), new SessionBackupFilter(), settings("a2", "async", cluster.clientYaml(), "client"));
            SessionBackupFilter syncFilter = new SessionBackupFilter();
            sync.serveSessions(new CartApp(), syncFilter, settings("b", "sync", cluster.memberXml(2), "embedded"));
            syncOther.serveSessions(new CartApp(), new SessionBackupFilter(), settings("b2", "sync", cluster.clientYaml(), "client"));
            springDefault.serveSessions(new CartApp(), SpringSessions.filter(sharedMember, SPRING_DEFAULT, FlushMode.ON_SAVE), Map.of());
            springDefaultOther.serveSessions(new CartApp(), SpringSessions.filter(client, SPRING_DEFAULT, FlushMode.ON_SAVE), Map.of());
            springImmediate.serveSessions(new CartApp(), SpringSessions.filter(sharedMember, SPRING_IMMEDIATE, FlushMode.IMMEDIATE), Map.of());
            springImmediateOther.serveSessions(new CartApp(), SpringSessions.filter(client, SPRING_IMMEDIATE, FlushMode.IMMEDIATE), Map.of());
            FullSessionWriteFilter fullWrite = new FullSessionWriteFilter(sharedMember);
            full.serveSessions(new CartApp(), fullWrite, Map.of());
            tomcatNone.serve(new CartApp());
            tribesPair(delta, deltaOther, DeltaManager::new);
            tribesPair(backup, backupOther, BackupManager::new);
            awaitSafe(backupMember);
            String volume = writeVolume(sync.url(), syncFilter.stats(), full.url(), fullWrite);
            HazelcastTraffic hazelcast = new HazelcastTraffic(List.copyOf(Hazelcast.getAllHazelcastInstances()));
            List<Peer> peers = List.of(
                    new Peer(SYNC, sync.url(), syncOther.url(), hazelcast::totals, () -> crash(cluster, 2, sync)),
                    new Peer(ASYNC, async.url(), asyncOther.url(), hazelcast::totals, () -> crash(cluster, 1, async)),
                    new Peer(SPRING_IMMEDIATE_NAME, springImmediate.url(), springImmediateOther.url(), hazelcast::totals, () -> { }),
                    new Peer(SPRING_ON_SAVE, springDefault.url(), springDefaultOther.url(), hazelcast::totals,
                            () -> crash(cluster, 3, springDefault, springImmediate, full)),
                    new Peer(FULL, full.url(), null, hazelcast::totals, () -> { }),
                    new Peer(DELTA, delta.url(), deltaOther.url(), () -> delta.sent().totals(), delta::crash),
                    new Peer(BACKUP, backup.url(), backupOther.url(), () -> backup.sent().totals(), backup::crash),
                    new Peer(NONE, none.url(), noneOther.url(), () -> new long[2], none::close));
            String traffic = traffic(peers);
            System.out.println(volume + traffic);
            String latency = new Comparison(wrk, rounds)
                    .subject(NONE, load(none.url()), none.url() + "/")
                    .subject(ASYNC, load(async.url()), async.url() + "/")
                    .subject(SYNC, load(sync.url()), sync.url() + "/")
                    .subject(SPRING_ON_SAVE, load(springDefault.url()), springDefault.url() + "/")
                    .subject(SPRING_IMMEDIATE_NAME, load(springImmediate.url()), springImmediate.url() + "/")
                    .subject(FULL, load(full.url()), full.url() + "/")
                    .baseline(TOMCAT_NONE, load(tomcatNone.url()), tomcatNone.url() + "/")
                    .subject(DELTA, load(delta.url()), delta.url() + "/")
                    .subject(BACKUP, load(backup.url()), backup.url() + "/")
                    .run();
            System.out.println(latency);
            String crashes = crashes(peers, backupMember);
            return volume + "\n### Peers: what crosses the network per request\n\n" + traffic
                    + "\n### Request latency under load\n\n"
                    + "Each node holds " + LOAD_SESSIONS + " sessions; the load cycles over them, four `op=view` to one `op=add`. "
                    + loadDescription + latency
                    + "\n### The serving node crashes\n\n" + crashes;
        } finally {
            client.shutdown();
            for (HazelcastInstance member : Hazelcast.getAllHazelcastInstances()) {
                member.getLifecycleService().terminate();
            }
        }
    }

    /** Starts {@code node} and {@code other} as a two-member static Tribes cluster replicating with their own managers. */
    private static void tribesPair(TomcatNode node, TomcatNode other, Supplier<ClusterManager> manager) throws Exception {
        int port = FreePorts.next();
        int otherPort = FreePorts.next();
        node.cluster(manager.get(), port, 1, otherPort, 2).serve(new CartApp());
        other.cluster(manager.get(), otherPort, 2, port, 1).serve(new CartApp());
    }

    /** Cluster traffic per request of each kind, counted with no other subject running. */
    private String traffic(List<Peer> peers) throws Exception {
        StringBuilder table = new StringBuilder("| subject | read-only: operations or messages / request | read-only: bytes / request "
                + "| one attribute changed: operations or messages / request | one attribute changed: bytes / request |\n"
                + "| --- | ---: | ---: | ---: | ---: |\n");
        double requests = SESSIONS * REQUESTS_PER_SESSION;
        for (Peer peer : peers) {
            if (peer.name().equals(NONE) || peer.name().equals(ASYNC)) {
                continue;
            }
            List<String> sessions = newSessions(peer.url(), SESSIONS);
            long[] before = peer.traffic().get();
            repeat(peer.url(), sessions, "op=view");
            long[] views = peer.traffic().get();
            repeat(peer.url(), sessions, "op=add&item=");
            long[] adds = peer.traffic().get();
            table.append(String.format("| %s | %.2f | %.0f | %.2f | %.0f |%n", peer.name(), (views[0] - before[0]) / requests,
                    (views[1] - before[1]) / requests, (adds[0] - views[0]) / requests, (adds[1] - views[1]) / requests));
        }
        return table + String.format("%nHazelcast rows: operations executed by all members (backups included) and bytes the members wrote to "
                + "their TCP connections, summed over the cluster (a few heartbeats included); `write-mode=async` writes the same records "
                + "as `sync`, later. Tribes rows: messages and bytes the serving node's channel sent (a `ChannelInterceptor`). "
                + "%d sessions × %d requests of each kind, one subject at a time.%n", SESSIONS, REQUESTS_PER_SESSION);
    }

    /** For each subject: a change answered 2xx, the serving node stopped at once, the session read on the other node. */
    private String crashes(List<Peer> peers, HazelcastInstance survivor) throws Exception {
        Map<Peer, String> cookies = new LinkedHashMap<>();
        StringBuilder table = new StringBuilder("| subject | the change answered, the serving node stopped abruptly: the other node reads |\n| --- | --- |\n");
        for (Peer peer : peers) {
            if (peer.other() != null) {
                String cookie = newSessions(peer.url(), 1).get(0);
                HttpResponse<String> added = get(peer.url() + "/cart?op=add&item=last", cookie);
                if (added.statusCode() / 100 != 2 || !"1".equals(added.body())) {
                    table.append("| ").append(peer.name()).append(" | (no check: the change was answered ").append(added.statusCode()).append(") |\n");
                    continue;
                }
                cookies.put(peer, cookie);
                peer.crash().run();
                awaitSafe(survivor);
            }
        }
        for (Map.Entry<Peer, String> entry : cookies.entrySet()) {
            HttpResponse<String> read;
            try {
                read = get(entry.getKey().other() + "/cart?op=view", entry.getValue());
            } catch (IOException e) {
                table.append("| ").append(entry.getKey().name()).append(" | **lost**: the other node did not answer (").append(e).append(") |\n");
                continue;
            }
            String outcome = read.statusCode() == 200 && "1".equals(read.body()) ? "kept (the cart holds the change)"
                    : read.statusCode() == 200 ? "**lost**: the cart holds " + read.body() + " items"
                    : "**lost**: answered " + read.statusCode();
            table.append("| ").append(entry.getKey().name()).append(" | ").append(outcome).append(" |\n");
        }
        return table + "\nOne session per subject: a new session, one `op=add` answered `200`, then at once the serving node's Hazelcast member "
                + "terminated (`terminate()`, no graceful shutdown) or Tribes channel stopped, then its server stopped; then `op=view` on the "
                + "other node with the same cookie. In one JVM, so work already queued in the JVM may still go out: a `kill -9` can lose more "
                + "(what is still queued in the process).\n";
    }

    /** Waits (at most a minute) until every partition and backup has settled: after start-up, and after a crash so the next one loses nothing of the others. */
    private static void awaitSafe(HazelcastInstance member) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline && !member.getPartitionService().isClusterSafe()) {
            Thread.onSpinWait();
        }
    }

    /** Terminates member {@code index} of {@code cluster} (no graceful shutdown), then stops {@code nodes}. */
    private static void crash(LoopbackHazelcast cluster, int index, JettyNode... nodes) {
        String address = cluster.address(index);
        for (HazelcastInstance member : Hazelcast.getAllHazelcastInstances()) {
            if (member.getCluster().getLocalMember().getSocketAddress().getPort() == Integer.parseInt(address.substring(address.indexOf(':') + 1))) {
                member.getLifecycleService().terminate();
            }
        }
        for (JettyNode node : nodes) {
            try {
                node.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private HttpResponse<String> get(String target, String cookie) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(target)).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One subject: its serving node, the node that reads after a crash, its traffic counter and how it crashes. */
    private record Peer(String name, String url, String other, Supplier<long[]> traffic, Crash crash) {
    }

    /** Stops a serving node abruptly. */
    private interface Crash {
        void run() throws Exception;
    }

    private static Map<String, String> settings(String self, String writeMode, Path hazelcastConfig, String mode) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("hazelcast.mode", mode);
        settings.put("self", self);
        settings.put("secret", "benchmark-secret-0123456789");
        settings.put("write-mode", writeMode);
        settings.put("hazelcast.config", hazelcastConfig.toString());
        return settings;
    }

    private String writeVolume(String filtered, BackupStats stats, String fullUrl, FullSessionWriteFilter full)
            throws IOException, InterruptedException {
        List<String> filteredSessions = newSessions(filtered, SESSIONS);
        List<String> fullSessions = newSessions(fullUrl, SESSIONS);
        double requests = SESSIONS * REQUESTS_PER_SESSION;
        long[] before = {stats.writes(), stats.attributeBytesWritten(), full.writes(), full.bytes()};
        repeat(filtered, filteredSessions, "op=view");
        repeat(fullUrl, fullSessions, "op=view");
        long[] afterViews = {stats.writes(), stats.attributeBytesWritten(), full.writes(), full.bytes()};
        repeat(filtered, filteredSessions, "op=add&item=");
        repeat(fullUrl, fullSessions, "op=add&item=");
        long[] afterAdds = {stats.writes(), stats.attributeBytesWritten(), full.writes(), full.bytes()};
        double cartBytes = SESSIONS * cartBytesOfAdds() / requests;
        StringBuilder table = new StringBuilder("| request | SessionBackupFilter writes / request | its attribute bytes / request "
                + "| full-session writes / request (baseline) | full-session bytes / request | bytes ratio to baseline |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: |\n");
        table.append(row("read-only (`op=view`)", before, afterViews, requests));
        table.append(row("one attribute changed (`op=add`: the cart)", afterViews, afterAdds, requests));
        double addBytes = (afterAdds[1] - afterViews[1]) / requests;
        return table + String.format("%nThe changed attribute (the cart, 1 to %d items) is %.0f bytes serialized on average; the "
                        + "session filter wrote %.0f attribute bytes per `op=add`, encrypted: %.2f × the attribute, or %.2f × once the "
                        + "%d bytes each sealed value carries (nonce and tag) are left out (target ≤ 1.2 × plus fixed metadata, which "
                        + "the counter leaves out). %d sessions × %d requests of each kind, counted by the filters.%n",
                REQUESTS_PER_SESSION, cartBytes, addBytes, addBytes / cartBytes, (addBytes - BackupProtection.OVERHEAD) / cartBytes,
                BackupProtection.OVERHEAD, SESSIONS, REQUESTS_PER_SESSION);
    }

    private static String row(String request, long[] from, long[] to, double requests) {
        double writes = (to[0] - from[0]) / requests;
        double bytes = (to[1] - from[1]) / requests;
        double fullWrites = (to[2] - from[2]) / requests;
        double fullBytes = (to[3] - from[3]) / requests;
        return String.format("| %s | %.2f | %.0f | %.2f | %.0f | %.3f |%n", request, writes, bytes, fullWrites, fullBytes, bytes / fullBytes);
    }

    /** The summed serialized size of the carts one session holds after each of its adds. */
    private static long cartBytesOfAdds() {
        ArrayList<String> cart = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < REQUESTS_PER_SESSION; i++) {
            cart.add("item-" + i);
            total += FullSessionWriteFilter.serialize(new ArrayList<>(cart)).length;
        }
        return total;
    }

    /** Sends {@code query} (with the request's index appended) {@value #REQUESTS_PER_SESSION} times in each session. */
    private void repeat(String url, List<String> cookies, String query) throws IOException, InterruptedException {
        for (String cookie : cookies) {
            for (int i = 0; i < REQUESTS_PER_SESSION; i++) {
                String target = url + "/cart?" + query + (query.endsWith("=") ? String.valueOf(i) : "");
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(target)).header("Cookie", cookie).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IOException(target + " answered " + response.statusCode());
                }
            }
        }
    }

    /** Starts {@code count} sessions and returns their cookies ({@code NAME=VALUE}). */
    private List<String> newSessions(String url, int count) throws IOException, InterruptedException {
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url + "/cart?op=new")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String cookie = response.headers().firstValue("Set-Cookie")
                    .orElseThrow(() -> new IOException(url + " started no session: " + response.statusCode()));
            cookies.add(cookie.substring(0, cookie.indexOf(';') < 0 ? cookie.length() : cookie.indexOf(';')));
        }
        return cookies;
    }

    /** The load for one node: its own sessions, four views to one add. */
    private Wrk load(String url) throws IOException, InterruptedException {
        StringBuilder cookies = new StringBuilder();
        for (String cookie : newSessions(url, LOAD_SESSIONS)) {
            cookies.append(cookies.isEmpty() ? "" : ", ").append('"').append(cookie).append('"');
        }
        return wrk.withScript("local cookies = {" + cookies + "}\nlocal n = 0\nrequest = function()\n  n = n + 1\n"
                + "  local path = (n % 5 == 0) and (\"/cart?op=add&item=\" .. n) or \"/cart?op=view\"\n"
                + "  return wrk.format(nil, path, {[\"Cookie\"] = cookies[(n % #cookies) + 1]})\nend\n");
    }

    /** Starts member {@code index} of {@code cluster} in this JVM. */
    private static HazelcastInstance member(LoopbackHazelcast cluster, int index) throws IOException {
        return Hazelcast.newHazelcastInstance(Config.loadFromFile(cluster.memberXml(index).toFile()));
    }
}
