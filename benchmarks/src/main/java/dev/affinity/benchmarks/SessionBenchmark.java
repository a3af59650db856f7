package dev.affinity.benchmarks;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.session.BackupStats;
import dev.affinity.session.SessionBackupFilter;
import dev.affinity.session.protection.BackupProtection;
import dev.affinity.session.tomcat.AffinityManager;
import dev.affinity.testing.FreePorts;
import dev.affinity.testing.LoopbackHazelcast;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.catalina.ha.ClusterManager;
import org.apache.catalina.ha.session.BackupManager;
import org.apache.catalina.ha.session.DeltaManager;
import org.springframework.session.FlushMode;

/**
 * The session backup under the shop's cart workload ({@link CartApp}), on a loopback Hazelcast
 * cluster whose backup member runs apart from the nodes' own members. First what each request
 * writes: {@code SessionBackupFilter}, the Tomcat {@code AffinityManager} and the Jetty store ({@code sync}, so
 * counters are exact when the response arrives) against a full-session write after every request. Then request latency under load
 * with {@code async} and {@code sync} backup, and the full-session write, against no backup.
 */
final class SessionBenchmark {
    private static final int SESSIONS = 50;
    private static final int REQUESTS_PER_SESSION = 10;
    private static final int LOAD_SESSIONS = 100;
    private static final String NONE = CrashSubject.NONE.label();
    private static final String ASYNC = CrashSubject.ASYNC.label();
    private static final String SYNC = CrashSubject.SYNC.label();
    private static final String SPRING_ON_SAVE = CrashSubject.SPRING_ON_SAVE.label();
    private static final String SPRING_IMMEDIATE = CrashSubject.SPRING_IMMEDIATE.label();
    private static final String FULL = CrashSubject.FULL.label();
    private static final String TOMCAT_NONE = "Tomcat 11.0.14, no backup (baseline of the Tomcat rows)";
    private static final String MANAGER = "Tomcat 11.0.14 `AffinityManager`, `write-mode=sync`";
    private static final String STORE = "Jetty 12 `AffinitySessionDataStore`, `write-mode=sync`";
    private static final String DELTA = CrashSubject.DELTA.label();
    private static final String BACKUP = CrashSubject.BACKUP.label();

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
        LoopbackHazelcast cluster = new LoopbackHazelcast(6);
        HazelcastInstance backupMember = member(cluster, 0);
        HazelcastInstance sharedMember = member(cluster, 3);
        try (JettyNode none = JettyNode.bind(); JettyNode async = JettyNode.bind(); JettyNode sync = JettyNode.bind();
             JettyNode springDefault = JettyNode.bind(); JettyNode springImmediate = JettyNode.bind(); JettyNode full = JettyNode.bind(); JettyNode stored = JettyNode.bind();
             TomcatNode tomcatNone = new TomcatNode(); TomcatNode delta = new TomcatNode(); TomcatNode deltaOther = new TomcatNode();
             TomcatNode backup = new TomcatNode(); TomcatNode backupOther = new TomcatNode(); TomcatNode managed = new TomcatNode()) {
            none.serveSessions(new CartApp(), null, Map.of());
            async.serveSessions(new CartApp(), new SessionBackupFilter(), settings("a", "async", sharingWithSpring(cluster.memberXml(1)), "embedded"));
            SessionBackupFilter syncFilter = new SessionBackupFilter();
            sync.serveSessions(new CartApp(), syncFilter, settings("b", "sync", sharingWithSpring(cluster.memberXml(2)), "embedded"));
            springDefault.serveSessions(new CartApp(), SpringSessions.filter(sharedMember, FlushMode.ON_SAVE), Map.of());
            springImmediate.serveSessions(new CartApp(), SpringSessions.filter(sharedMember, FlushMode.IMMEDIATE), Map.of());
            FullSessionWriteFilter fullWrite = new FullSessionWriteFilter(sharedMember);
            full.serveSessions(new CartApp(), fullWrite, Map.of());
            tomcatNone.serve(new CartApp());
            tribesPair(delta, deltaOther, DeltaManager::new);
            tribesPair(backup, backupOther, BackupManager::new);
            AffinityManager manager = new AffinityManager();
            settings("c", "sync", sharingWithSpring(cluster.memberXml(4)), "embedded").forEach(manager::setProperty);
            managed.manager(manager).serve(new CartApp());
            BackupStats storeStats = stored.serveWithSessionStore(new CartApp(),
                    settings("d", "sync", sharingWithSpring(cluster.memberXml(5)), "embedded"));
            SessionCrashCheck.await(() -> SessionCrashCheck.settled(backupMember, 6), "the session benchmark's cluster settling");
            String volume = writeVolume(List.of(new Door("`SessionBackupFilter` (Jetty)", sync.url(), syncFilter.stats()),
                    new Door("`AffinityManager` (Tomcat)", managed.url(), manager.stats()),
                    new Door("`AffinitySessionDataStore` (Jetty)", stored.url(), storeStats)), full.url(), fullWrite);
            HazelcastTraffic hazelcast = new HazelcastTraffic(List.copyOf(Hazelcast.getAllHazelcastInstances()));
            List<Peer> peers = List.of(
                    new Peer(SYNC, sync.url(), hazelcast::totals),
                    new Peer(MANAGER, managed.url(), hazelcast::totals),
                    new Peer(STORE, stored.url(), hazelcast::totals),
                    new Peer(SPRING_IMMEDIATE, springImmediate.url(), hazelcast::totals),
                    new Peer(SPRING_ON_SAVE, springDefault.url(), hazelcast::totals),
                    new Peer(FULL, full.url(), hazelcast::totals),
                    new Peer(DELTA, delta.url(), () -> delta.sent().totals()),
                    new Peer(BACKUP, backup.url(), () -> backup.sent().totals()));
            String traffic = traffic(peers);
            System.out.println(volume + traffic);
            String latency = new Comparison(wrk, rounds)
                    .subject(NONE, load(none.url()), none.url() + "/")
                    .subject(ASYNC, load(async.url()), async.url() + "/")
                    .subject(SYNC, load(sync.url()), sync.url() + "/")
                    .subject(SPRING_ON_SAVE, load(springDefault.url()), springDefault.url() + "/")
                    .subject(SPRING_IMMEDIATE, load(springImmediate.url()), springImmediate.url() + "/")
                    .subject(FULL, load(full.url()), full.url() + "/")
                    .subject(STORE, load(stored.url()), stored.url() + "/")
                    .baseline(TOMCAT_NONE, load(tomcatNone.url()), tomcatNone.url() + "/")
                    .subject(MANAGER, load(managed.url()), managed.url() + "/")
                    .subject(DELTA, load(delta.url()), delta.url() + "/")
                    .subject(BACKUP, load(backup.url()), backup.url() + "/")
                    .run();
            System.out.println(latency);
            return volume + "\n### Peers: what crosses the network per request\n\n" + traffic
                    + "\n### Request latency under load\n\n"
                    + "Each node holds " + LOAD_SESSIONS + " sessions; the load cycles over them, four `op=view` to one `op=add`. "
                    + loadDescription + latency;
        } finally {
            for (HazelcastInstance member : Hazelcast.getAllHazelcastInstances()) {
                member.getLifecycleService().terminate();
            }
            cluster.close();
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

    /** One subject of the traffic table: its serving node and its traffic counter. */
    private record Peer(String name, String url, Supplier<long[]> traffic) {
    }

    /** The session filter's settings of the benchmark's nodes. */
    static Map<String, String> settings(String self, String writeMode, Path hazelcastConfig, String mode) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("hazelcast.mode", mode);
        settings.put("self", self);
        settings.put("secret", "benchmark-secret-0123456789");
        settings.put("write-mode", writeMode);
        settings.put("hazelcast.config", hazelcastConfig.toString());
        return settings;
    }

    /** A front door of the backup core in the write-volume table: its name, its node and its counters. */
    private record Door(String name, String url, BackupStats stats) {
        long[] counters() {
            return new long[] {stats.writes(), stats.attributeBytesWritten()};
        }
    }

    /**
     * What each request writes with each front door of the backup core, {@code sync} so the counters
     * are exact when the response arrives, against the full-session write after every request.
     */
    private String writeVolume(List<Door> doors, String fullUrl, FullSessionWriteFilter full) throws IOException, InterruptedException {
        double requests = SESSIONS * REQUESTS_PER_SESSION;
        double cartBytes = SESSIONS * cartBytesOfAdds() / requests;
        StringBuilder table = new StringBuilder("| request | front door | writes / request | attribute bytes / request "
                + "| full-session writes / request (baseline) | full-session bytes / request | bytes ratio to baseline |\n"
                + "| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
        StringBuilder adds = new StringBuilder();
        for (Door door : doors) {
            List<String> sessions = newSessions(door.url(), SESSIONS);
            List<String> fullSessions = newSessions(fullUrl, SESSIONS);
            long[] before = both(door, full);
            repeat(door.url(), sessions, "op=view");
            repeat(fullUrl, fullSessions, "op=view");
            long[] afterViews = both(door, full);
            repeat(door.url(), sessions, "op=add&item=");
            repeat(fullUrl, fullSessions, "op=add&item=");
            long[] afterAdds = both(door, full);
            table.append(row("read-only (`op=view`)", door.name(), before, afterViews, requests));
            table.append(row("one attribute changed (`op=add`: the cart)", door.name(), afterViews, afterAdds, requests));
            double addBytes = (afterAdds[1] - afterViews[1]) / requests;
            adds.append(String.format("%s %.0f (%.2f × the attribute, %.2f × without the sealing's %d bytes); ", door.name(), addBytes,
                    addBytes / cartBytes, (addBytes - BackupProtection.OVERHEAD) / cartBytes, BackupProtection.OVERHEAD));
        }
        return table + String.format("%nThe changed attribute (the cart, 1 to %d items) is %.0f bytes serialized on average. Attribute "
                        + "bytes written per `op=add`, encrypted: %starget ≤ 1.2 × plus fixed metadata, which the counters leave out. "
                        + "%d sessions × %d requests of each kind per front door, counted by the front doors.%n",
                REQUESTS_PER_SESSION, cartBytes, adds, SESSIONS, REQUESTS_PER_SESSION);
    }

    /** {@code door}'s counters, then the full-session write's. */
    private static long[] both(Door door, FullSessionWriteFilter full) {
        long[] counters = door.counters();
        return new long[] {counters[0], counters[1], full.writes(), full.bytes()};
    }

    /** A row of the write volume: front door {@code name}, from counters {@code from} to {@code to} (see {@link #both}). */
    private static String row(String request, String name, long[] from, long[] to, double requests) {
        double writes = (to[0] - from[0]) / requests;
        double bytes = (to[1] - from[1]) / requests;
        double fullWrites = (to[2] - from[2]) / requests;
        double fullBytes = (to[3] - from[3]) / requests;
        return String.format("| %s | %s | %.2f | %.0f | %.2f | %.0f | %.3f |%n", request, name, writes, bytes, fullWrites, fullBytes,
                bytes / fullBytes);
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

    /**
     * Adds to a member configuration the Java-serialization allow-list a member that the session filter
     * starts needs when Spring Session shares its cluster: the filter's own list (Hazelcast's, the JDK's
     * and its classes) would refuse Spring Session's entry processor and sessions on that member.
     */
    private static Path sharingWithSpring(Path memberXml) throws IOException {
        String allowList = """
                  <serialization>
                    <java-serialization-filter defaults-disabled="true">
                      <whitelist>
                        <prefix>com.hazelcast.</prefix>
                        <prefix>java.</prefix>
                        <prefix>[</prefix>
                        <prefix>dev.affinity.session.</prefix>
                        <prefix>org.springframework.session.</prefix>
                      </whitelist>
                    </java-serialization-filter>
                  </serialization>
                """;
        return Files.writeString(memberXml, Files.readString(memberXml).replace("  <network>", allowList + "  <network>"));
    }

    /** Starts member {@code index} of {@code cluster} in this JVM. */
    private static HazelcastInstance member(LoopbackHazelcast cluster, int index) throws IOException {
        return Hazelcast.newHazelcastInstance(Config.loadFromFile(cluster.memberXml(index).toFile()));
    }
}
