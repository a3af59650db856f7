package dev.affinity.benchmarks;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.session.SessionBackupFilter;
import dev.affinity.testing.ChildJvm;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The serving node of the crash check, in a JVM of its own so that it can be killed with
 * {@code kill -9}: {@code CrashNode SUBJECT MEMBER_XML} (the Hazelcast rows: this node's own member)
 * or {@code CrashNode SUBJECT TRIBES_PORT PEER_PORT} (the Tomcat rows) or {@code CrashNode NONE}.
 * Prints {@code started URL} once it serves, then {@code ready} once a Tomcat node's channel sees its
 * peer (at once otherwise), and runs until killed or its parent goes away.
 */
final class CrashNode {
    private static final long PEER_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(2);

    private CrashNode() {
    }

    public static void main(String[] args) throws Exception {
        CrashSubject subject = CrashSubject.valueOf(args[0]);
        if (subject.tribes()) {
            TomcatNode node = new TomcatNode().cluster(subject.manager().get(), Integer.parseInt(args[1]), 1, Integer.parseInt(args[2]), 2)
                    .serve(new CartApp());
            ChildJvm.tell("started " + node.url());
            long deadline = System.nanoTime() + PEER_LIMIT_NANOS;
            while (!node.seesPeer() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } else {
            JettyNode node = JettyNode.bind();
            serve(subject, node, args.length > 1 ? Path.of(args[1]) : null);
            ChildJvm.tell("started " + node.url());
        }
        ChildJvm.tell("ready");
        ChildJvm.awaitParentGone(System.in);
        System.exit(0);
    }

    private static void serve(CrashSubject subject, JettyNode node, Path memberXml) throws Exception {
        switch (subject) {
            case SYNC, ASYNC -> node.serveSessions(new CartApp(), new SessionBackupFilter(),
                    SessionBenchmark.settings("crashed", subject.writeMode(), memberXml, "embedded"));
            case SPRING_IMMEDIATE, SPRING_ON_SAVE -> node.serveSessions(new CartApp(), SpringSessions.filter(member(memberXml),
                    subject.flushMode()), Map.of());
            case FULL -> node.serveSessions(new CartApp(), new FullSessionWriteFilter(member(memberXml)), Map.of());
            default -> node.serveSessions(new CartApp(), null, Map.of());
        }
    }

    private static HazelcastInstance member(Path memberXml) throws Exception {
        return Hazelcast.newHazelcastInstance(Config.loadFromFile(memberXml.toFile()));
    }
}
