package dev.affinity.it.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.it.nemesis.Checker.Verdict;
import dev.affinity.it.nemesis.History.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The nemesis suite, Jepsen's method on the demo farm: {@value #CLIENTS} clients change their
 * sessions through every node and the balancer while a {@link Nemesis} pauses, kills and restarts
 * nodes and stops their Hazelcast members; then the {@link Checker} judges the history and the
 * final state. In {@code write-mode=sync} (the default) no acknowledged change may be lost, no
 * counter go back, no change be applied twice; {@code -Dnemesis.write-mode=async} measures what
 * async mode loses instead of asserting nothing is. {@code -Dnemesis.minutes=N} runs the faults
 * over and over for N minutes (by default: one of each). The history and the report are written to
 * {@code nemesis.dir} ({@code target/nemesis}).
 */
class NemesisIT {
    private static final int CLIENTS = 16;
    private static final Duration MERGE_DELAY = Duration.ofSeconds(5);

    @Test
    void anAnsweredChangeIsNeverLost() throws Exception {
        String mode = System.getProperty("nemesis.write-mode", "sync");
        Duration duration = Duration.ofMinutes(Long.getLong("nemesis.minutes", 0));
        Path dir = Path.of(System.getProperty("nemesis.dir", "target/nemesis"));
        long started = System.nanoTime();
        try (NemesisFarm farm = NemesisFarm.start(mode, MERGE_DELAY);
             History history = new History(dir.resolve("history-" + mode + ".jsonl"))) {
            List<NemesisClient> clients = new ArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            for (int i = 0; i < CLIENTS; i++) {
                NemesisClient client = new NemesisClient("c" + i, i, farm.urls(), farm.balancer(), history, running::get);
                clients.add(client);
                pool.execute(client);
            }
            try {
                new Nemesis(farm, history, history::acknowledged).run(duration);
            } finally {
                running.set(false);
                pool.shutdown();
                assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).as("clients stop").isTrue();
            }
            farm.awaitWhole();
            for (NemesisClient client : clients) {
                client.increment();
                client.readCart();
            }
            Verdict verdict = Checker.check(history.events());
            String report = report(mode, duration, Duration.ofNanos(System.nanoTime() - started), history.events(), verdict);
            Files.writeString(dir.resolve("report-" + mode + ".txt"), report, StandardCharsets.UTF_8);
            System.out.println(report);

            assertThat(verdict.findings()).as("clients without a final state")
                    .noneMatch(finding -> finding.contains("no final state"));
            assertThat(verdict.acknowledged()).as("acknowledged changes").isGreaterThan(500);
            assertThat(verdict.appliedTwice()).as("changes applied twice").isZero();
            if (mode.equals("sync")) {
                assertThat(verdict.acknowledgedLost()).as("acknowledged changes lost: " + verdict.findings()).isZero();
                assertThat(verdict.countersWentBack()).as("counters that went back: " + verdict.findings()).isZero();
                assertThat(verdict.cartsWentBack()).as("carts that went back: " + verdict.findings()).isZero();
            }
        }
    }

    /**
     * How the attempts of all operations were answered: a status, {@code refused}, {@code connect timeout}
     * or the exception of an attempt cut after it was sent.
     */
    private static Map<String, Integer> attempts(List<Event> history) {
        Map<String, Integer> answers = new TreeMap<>();
        history.stream().filter(e -> !e.process().equals("nemesis") && !e.type().equals("invoke")).forEach(e -> {
            for (String attempt : e.detail().split("; ")) {
                String[] words = attempt.split(" ");
                int answer = words.length > 3 && words[1].equals("303") ? 3 : 1;
                if (words.length > answer) {
                    answers.merge(words[answer].equals("connect") ? "connect timeout" : words[answer], 1, Integer::sum);
                }
            }
        });
        return answers;
    }

    private static String report(String mode, Duration asked, Duration took, List<Event> history, Verdict verdict) {
        StringBuilder report = new StringBuilder();
        report.append("Nemesis run, write-mode=").append(mode).append(", ").append(CLIENTS).append(" clients, ")
                .append(asked.isZero() ? "one fault of each kind" : asked.toMinutes() + " minutes of faults")
                .append(", ").append(took.toSeconds()).append(" s in all\n");
        report.append("Faults: ");
        history.stream().filter(e -> e.process().equals("nemesis") && e.type().equals("start"))
                .forEach(e -> report.append(e.f()).append(' ').append(e.key()).append(" at ").append(e.millis() / 1000).append(" s; "));
        report.append('\n').append(verdict.summary()).append('\n');
        report.append("Attempts by answer: ").append(attempts(history)).append('\n');
        if (!verdict.losses().isEmpty()) {
            report.append("Losses by fault (a count is the change acknowledged then, a cart the shortfall seen then):\n");
            verdict.losses().forEach((fault, lost) -> report.append("  ").append(lost).append(' ').append(fault).append('\n'));
        }
        verdict.findings().stream().limit(40).forEach(finding -> report.append("  ").append(finding).append('\n'));
        if (verdict.findings().size() > 40) {
            report.append("  ... ").append(verdict.findings().size() - 40).append(" more in the history\n");
        }
        return report.toString();
    }
}
