package dev.affinity.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affinity.testing.LogRecords;
import dev.affinity.testing.ServletApp;
import dev.affinity.testing.TomcatContainer;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * On Tomcat, whose own log is java.util.logging (catalina.out is its root logger's console), the
 * toolkit's message for a filter that cannot start is in that log, written by the toolkit itself:
 * not only Tomcat's "One or more Filters failed to start", and with no SLF4J provider involved.
 */
class ContainerLogTest {

    @Test
    void aFilterThatCannotStartPutsItsOwnMessageInTomcatsLog() throws Exception {
        List<LogRecord> records;
        try (LogRecords catalinaOut = new LogRecords(""); TomcatContainer tomcat = new TomcatContainer()) {
            ServletApp app = new ServletApp("/app").filter("affinity", AffinityFilter.class,
                    Map.of("members", "http://127.0.0.1:1;name=a", "self", "a", "strategy", "hash-of-the-day"), true);
            assertThatThrownBy(() -> tomcat.start(app)).as("the webapp does not start").isNotNull();
            records = catalinaOut.records();
        }

        assertThat(records).filteredOn(record -> record.getLoggerName().equals(AffinityFilter.class.getName()))
                .singleElement().satisfies(record -> {
                    assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
                    assertThat(record.getMessage()).contains("affinity setting 'strategy'").contains("hash-of-the-day")
                            .contains("rendezvous");
                });
    }
}
