package dev.affinity.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affinity.testing.LogRecords;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The toolkit's log lines reach java.util.logging, with SLF4J-style placeholders and a cause. */
class LogTest {
    private LogRecords log;

    @BeforeEach
    void capture() {
        log = new LogRecords(LogTest.class.getName());
    }

    @AfterEach
    void release() {
        log.close();
    }

    @Test
    void placeholdersAreFilledInOrderAndATrailingThrowableIsTheCause() {
        IllegalStateException failure = new IllegalStateException("boom");
        Log.of(LogTest.class).warn("member {} ejected for {} ms", "node2", 1000, failure);

        assertThat(log.records()).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.WARNING);
            assertThat(record.getMessage()).isEqualTo("member node2 ejected for 1000 ms");
            assertThat(record.getThrown()).isSameAs(failure);
        });
    }

    @Test
    void aThrowableFillingAPlaceholderIsNotTheCauseAndMissingArgumentsLeaveThePlaceholder() {
        Log.of(LogTest.class).error("failed: {} then {}", new IllegalStateException("boom"));

        assertThat(log.records()).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(record.getMessage()).isEqualTo("failed: java.lang.IllegalStateException: boom then {}");
            assertThat(record.getThrown()).isNull();
        });
    }

    @Test
    void debugLinesAreWrittenOnlyWhenTheLoggerAllowsThem() {
        Logger.getLogger(LogTest.class.getName()).setLevel(Level.INFO);
        Log toolkit = Log.of(LogTest.class);
        toolkit.debug("hidden {}", 1);
        toolkit.info("shown {}", 2);

        assertThat(toolkit.isDebugEnabled()).isFalse();
        assertThat(log.records()).extracting(LogRecord::getMessage).containsExactly("shown 2");
    }
}
