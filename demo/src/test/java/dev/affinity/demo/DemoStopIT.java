package dev.affinity.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C ({@code SIGTERM}) of the launcher stops its nodes, deletes their temporary files (the
 * copies of the WAR, Jetty's work directories) and keeps their logs, in the folder it names.
 */
class DemoStopIT {
    @Test
    void ctrlCDeletesTheNodesTemporaryFilesAndKeepsTheirLogs() throws Exception {
        try (DemoFarm farm = new DemoFarm()) {
            List<Path> logs = farm.logs();
            assertThat(logs).hasSize(3);
            Path folder = logs.get(0).getParent();
            Path temporary = folder.resolve("tmp");
            try (Stream<Path> files = Files.list(temporary)) {
                assertThat(files).as("what the nodes wrote to their java.io.tmpdir while they ran").isNotEmpty();
            }

            Path kept = farm.stopLauncher();

            assertThat(kept).isEqualTo(folder);
            assertThat(temporary).doesNotExist();
            assertThat(logs).allSatisfy(log -> assertThat(log).isNotEmptyFile());
        }
    }
}
