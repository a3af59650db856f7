package dev.affinity.session;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.affinity.config.ConfigResources;
import dev.affinity.testing.ChildJvm;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A plain Hazelcast member in its own JVM, started by {@link SplitHealTest}: the YAML file given,
 * heartbeats shortened (a member silent for 4 s is dropped), and the session filter's guard on the
 * maps named (without split-brain protection, so both sides of a split take writes), each kept on
 * every member (two backups). Split clusters are not looked for on a schedule: the line
 * {@code merge} on its standard input makes it look for them now (Hazelcast's own split-brain
 * handling, run when the test says). Prints {@code READY}, and exits when its standard input closes.
 *
 * <p>Arguments: Hazelcast config file, map names.
 */
public final class MemberMain {
    private MemberMain() {
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.loadFromFile(Path.of(args[0]).toFile());
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "4");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "3600");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "3600");
        for (int i = 1; i < args.length; i++) {
            SplitBrainGuard.configure(config, new HazelcastSettings(HazelcastMode.EMBEDDED,
                    Optional.of(ConfigResources.ofThread().locate("hazelcast.config", args[0])), Optional.empty(), args[i], 1,
                    OptionalInt.empty()));
            config.getMapConfig(args[i]).setBackupCount(2);
        }
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        ChildJvm.tell("READY");
        try (BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String command = commands.readLine(); command != null; command = commands.readLine()) {
                if (command.equals("merge")) {
                    ((HazelcastInstanceProxy) member).getOriginal().node.getJoiner().searchForOtherClusters();
                    ChildJvm.tell("SEARCHED");
                }
            }
        } catch (IOException ignored) {
            // the test is gone
        }
        member.getLifecycleService().terminate();
        System.exit(0);
    }
}
