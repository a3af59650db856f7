package dev.affinity.benchmarks;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.session.SessionBackupFilter;
import dev.affinity.testing.ChildJvm;
import dev.affinity.testing.FreePorts;
import dev.affinity.testing.LoopbackHazelcast;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Whether a {@code kill -9} of the serving node loses the last change it answered, the same check for
 * each {@link CrashSubject}: the serving node runs in a JVM of its own ({@link CrashNode}, with its own
 * Hazelcast member or Tribes channel); the rest of the cluster and the node that reads afterwards run
 * in this JVM. A new session, one {@code op=add} answered {@code 200}, at once {@code kill -9} of the
 * serving process, then {@code op=view} on the other node with the same cookie: kept or lost.
 */
final class SessionCrashCheck {
    /** Hazelcast members in this JVM: the serving node's member is the third. */
    private static final int MEMBERS = 2;
    private static final Duration LIMIT = Duration.ofMinutes(2);
    private static final List<String> CHILD_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");
    /** Requests a serving node answers in a session of its own before the checked one, so that it is warm. */
    private static final int WARM_UP = 20;
    /** For {@code write-mode=async}, rows with the kill this many ms after the answer: how long a change stays at risk. */
    private static final int[] ASYNC_DELAYS_MILLIS = {10, 100};

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final int repeats;
    private long slowestKillMillis;

    SessionCrashCheck(int repeats) {
        this.repeats = repeats;
    }

    /** Runs every subject {@code repeats} times; answers the table and how it was made. */
    String run() throws Exception {
        long hazelcastSubjects = Arrays.stream(CrashSubject.values()).filter(CrashSubject::hazelcast).count();
        LoopbackHazelcast cluster = new LoopbackHazelcast(MEMBERS + (int) (hazelcastSubjects + ASYNC_DELAYS_MILLIS.length) * repeats);
        List<HazelcastInstance> members = new ArrayList<>();
        HazelcastInstance client = null;
        try {
            for (int i = 0; i < MEMBERS; i++) {
                members.add(Hazelcast.newHazelcastInstance(Config.loadFromFile(cluster.memberXml(i).toFile())));
            }
            client = HazelcastClient.newHazelcastClient(new YamlClientConfigBuilder(cluster.clientYaml().toFile()).build());
            StringBuilder table = new StringBuilder("| subject |");
            for (int run = 1; run <= repeats; run++) {
                table.append(" run ").append(run).append(" |");
            }
            table.append("\n| --- |").append(" --- |".repeat(repeats)).append('\n');
            int slot = MEMBERS;
            for (CrashSubject subject : CrashSubject.values()) {
                slot = row(table, subject, 0, cluster, slot, client, members.get(0));
                for (int delay : subject == CrashSubject.ASYNC ? ASYNC_DELAYS_MILLIS : new int[0]) {
                    slot = row(table, subject, delay, cluster, slot, client, members.get(0));
                }
            }
            return table + String.format("%nEach run: the serving node started in a JVM of its own (`CrashNode`: embedded Jetty 12 with its "
                    + "own Hazelcast member for the Hazelcast rows, embedded Tomcat 11.0.14 with its Tribes channel for the Tomcat rows), "
                    + "ready once the cluster counts it (Hazelcast: %d members and every partition safe; Tribes: each channel sees the "
                    + "other), then warmed up by %d changes in a session of its own; a new session, one `op=add` answered `200`, then at "
                    + "once `kill -9` of that JVM (%d ms at most from the answer to the process gone); once the cluster had dropped the "
                    + "member and was safe again, `op=view` on the other "
                    + "node with the same cookie, in the benchmark's JVM (a Hazelcast client for the filter and Spring rows, the second "
                    + "Tomcat of the Tribes pair). The full-session write has no reader: its row says whether the surviving members' "
                    + "map holds the change. The other %d Hazelcast members (one of them holds backups) run in the benchmark's JVM.%n",
                    MEMBERS + 1, WARM_UP, slowestKillMillis, MEMBERS);
        } finally {
            if (client != null) {
                client.shutdown();
            }
            for (HazelcastInstance member : members) {
                member.getLifecycleService().terminate();
            }
            cluster.close();
        }
    }

    /** Checks {@code subject} {@code repeats} times into a row of {@code table}; answers the next free member slot. */
    private int row(StringBuilder table, CrashSubject subject, int delayMillis, LoopbackHazelcast cluster, int slot, HazelcastInstance client,
                    HazelcastInstance survivor) throws Exception {
        String name = subject.label() + (delayMillis == 0 ? "" : ", `kill -9` " + delayMillis + " ms after the answer");
        table.append("| ").append(name).append(" |");
        int next = slot;
        for (int run = 0; run < repeats; run++) {
            String outcome = once(subject, delayMillis, cluster, subject.hazelcast() ? next++ : -1, client, survivor);
            System.out.println("kill -9 of the serving node, " + name + ": " + outcome);
            table.append(' ').append(outcome).append(" |");
        }
        table.append('\n');
        return next;
    }

    /**
     * One check of {@code subject}, the kill {@code delayMillis} after the answer (0: at once); the serving
     * node's member (if any) is member {@code slot} of {@code cluster}.
     */
    private String once(CrashSubject subject, int delayMillis, LoopbackHazelcast cluster, int slot, HazelcastInstance client,
                        HazelcastInstance survivor) throws Exception {
        int tribesPort = FreePorts.next();
        int readerTribesPort = FreePorts.next();
        List<String> args = new ArrayList<>(List.of(subject.name()));
        if (subject.hazelcast()) {
            args.add(cluster.memberXml(slot).toString());
        } else if (subject.tribes()) {
            args.addAll(List.of(String.valueOf(tribesPort), String.valueOf(readerTribesPort)));
        }
        try (ChildJvm node = ChildJvm.main("crash-" + subject.name().toLowerCase(Locale.ROOT), CHILD_OPTIONS, CrashNode.class,
                args.toArray(String[]::new))) {
            String url = node.awaitLine("started ", LIMIT);
            try (Reader reader = reader(subject, readerTribesPort, tribesPort, cluster, client)) {
                node.awaitLine("ready", LIMIT);
                await(() -> reader.ready().getAsBoolean() && (!subject.hazelcast() || settled(survivor, MEMBERS + 1)),
                        subject.label() + ": the serving node joining");
                warmUp(url);
                String cookie = newSession(url);
                HttpResponse<String> added = get(url + "/cart?op=add&item=last", cookie);
                long answered = System.nanoTime();
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                node.kill();
                if (delayMillis == 0) {
                    slowestKillMillis = Math.max(slowestKillMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered));
                }
                if (added.statusCode() != 200 || !"1".equals(added.body())) {
                    return "(no check: the change was answered " + added.statusCode() + ")";
                }
                if (subject.hazelcast()) {
                    await(() -> settled(survivor, MEMBERS), subject.label() + ": the cluster dropping the killed member");
                }
                return subject == CrashSubject.FULL ? fullCopy(survivor, cookie) : read(reader.url(), cookie);
            }
        }
    }

    /** Starts the node that reads after the crash (none for the full-session write, whose copy is read from the map). */
    private static Reader reader(CrashSubject subject, int tribesPort, int peerPort, LoopbackHazelcast cluster, HazelcastInstance client)
            throws Exception {
        if (subject.tribes()) {
            TomcatNode tomcat = new TomcatNode().cluster(subject.manager().get(), tribesPort, 2, peerPort, 1).serve(new CartApp());
            return new Reader(tomcat.url(), tomcat, tomcat::seesPeer);
        }
        if (subject == CrashSubject.FULL) {
            return new Reader(null, () -> { }, () -> true);
        }
        JettyNode jetty = JettyNode.bind();
        switch (subject) {
            case SYNC, ASYNC -> jetty.serveSessions(new CartApp(), new SessionBackupFilter(),
                    SessionBenchmark.settings("reader", subject.writeMode(), cluster.clientYaml(), "client"));
            case SPRING_IMMEDIATE, SPRING_ON_SAVE -> jetty.serveSessions(new CartApp(), SpringSessions.filter(client, subject.flushMode()), Map.of());
            default -> jetty.serveSessions(new CartApp(), null, Map.of());
        }
        return new Reader(jetty.url(), jetty, () -> true);
    }

    /** {@value #WARM_UP} changes in a session of their own, each answered {@code 200}. */
    private void warmUp(String url) throws IOException, InterruptedException {
        String cookie = newSession(url);
        for (int i = 0; i < WARM_UP; i++) {
            HttpResponse<String> added = get(url + "/cart?op=add&item=" + i, cookie);
            if (added.statusCode() != 200) {
                throw new IOException(url + ": a warm-up change answered " + added.statusCode());
            }
        }
    }

    /** The other node's answer to {@code op=view} in the killed node's session. */
    private String read(String url, String cookie) throws InterruptedException {
        try {
            HttpResponse<String> read = get(url + "/cart?op=view", cookie);
            return read.statusCode() == 200 && "1".equals(read.body()) ? "kept"
                    : read.statusCode() == 200 ? "**lost** (the cart holds " + read.body() + " items)"
                    : "**lost** (`" + read.statusCode() + "`)";
        } catch (IOException e) {
            return "**lost** (no answer: " + e.getClass().getSimpleName() + ")";
        }
    }

    /** Whether the surviving members' copy of the session (full-session write) holds the change. */
    private static String fullCopy(HazelcastInstance survivor, String cookie) throws IOException, ClassNotFoundException {
        String id = cookie.substring(cookie.indexOf('=') + 1);
        byte[] copy = FullSessionWriteFilter.map(survivor).get(id.contains(".") ? id.substring(0, id.lastIndexOf('.')) : id);
        if (copy == null) {
            return "**lost** (no copy in the map)";
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(copy))) {
            List<?> cart = (List<?>) ((Map<?, ?>) in.readObject()).get("cart");
            return cart.size() == 1 ? "kept (in the map)" : "**lost** (the map's copy holds " + cart.size() + " items)";
        }
    }

    /** Whether {@code member}'s cluster has {@code size} members and every partition and backup has settled. */
    static boolean settled(HazelcastInstance member, int size) {
        return member.getCluster().getMembers().size() == size && member.getPartitionService().isClusterSafe();
    }

    /** Polls {@code condition} until it holds, for at most two minutes. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": not within " + LIMIT.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }

    private String newSession(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = get(url + "/cart?op=new", null);
        String cookie = response.headers().firstValue("Set-Cookie")
                .orElseThrow(() -> new IOException(url + " started no session: " + response.statusCode()));
        return cookie.substring(0, cookie.indexOf(';') < 0 ? cookie.length() : cookie.indexOf(';'));
    }

    private HttpResponse<String> get(String target, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The node that reads after the crash: its URL, the node, and whether it is ready. */
    private record Reader(String url, AutoCloseable node, BooleanSupplier ready) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            node.close();
        }
    }
}
