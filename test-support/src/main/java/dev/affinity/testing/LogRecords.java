package dev.affinity.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The java.util.logging records of one logger and its children while open (where the toolkit's
 * System.Logger lines and Tomcat's own end up), every level included; they still reach the
 * configured handlers at the configured levels.
 */
public final class LogRecords implements AutoCloseable {
    private final Logger logger;
    private final Level previousLevel;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
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

    /** Captures logger {@code name} ({@code ""}: the root, what a container's log receives) and its children. */
    public LogRecords(String name) {
        logger = Logger.getLogger(name);
        previousLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** The records so far. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The records so far, one line each: level, logger and message. */
    public String text() {
        StringBuilder text = new StringBuilder();
        records.forEach(r -> text.append(r.getLevel()).append(' ').append(r.getLoggerName()).append(' ').append(r.getMessage()).append('\n'));
        return text.toString();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
    }
}
