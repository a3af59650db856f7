package dev.affinity.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The toolkit's log lines reach java.util.logging, with SLF4J-style placeholders and a cause. */
class LogTest {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger julLogger = Logger.getLogger(LogTest.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        julLogger.setLevel(Level.ALL);
        julLogger.addHandler(capture);
    }

    @AfterEach
    void release() {
        julLogger.removeHandler(capture);
        julLogger.setLevel(null);
    }

    @Test
    void placeholdersAreFilledInOrderAndATrailingThrowableIsTheCause() {
        IllegalStateException failure = new IllegalStateException("boom");
        Log.of(LogTest.class).warn("member {} ejected for {} ms", "node2", 1000, failure);

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.WARNING);
            assertThat(record.getMessage()).isEqualTo("member node2 ejected for 1000 ms");
            assertThat(record.getThrown()).isSameAs(failure);
        });
    }

    @Test
    void aThrowableFillingAPlaceholderIsNotTheCauseAndMissingArgumentsLeaveThePlaceholder() {
        Log.of(LogTest.class).error("failed: {} then {}", new IllegalStateException("boom"));

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(record.getMessage()).isEqualTo("failed: java.lang.IllegalStateException: boom then {}");
            assertThat(record.getThrown()).isNull();
        });
    }

    @Test
    void debugLinesAreWrittenOnlyWhenTheLoggerAllowsThem() {
        julLogger.setLevel(Level.INFO);
        Log log = Log.of(LogTest.class);
        log.debug("hidden {}", 1);
        log.info("shown {}", 2);

        assertThat(log.isDebugEnabled()).isFalse();
        assertThat(records).extracting(LogRecord::getMessage).containsExactly("shown 2");
    }
}
