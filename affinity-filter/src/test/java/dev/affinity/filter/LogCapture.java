package dev.affinity.filter;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The toolkit's log lines (logger {@code dev.affinity} and below, through java.util.logging, where
 * the toolkit's System.Logger writes) while open, every level included; they still reach the
 * configured handlers at the configured levels.
 */
final class LogCapture implements AutoCloseable {
    private final Logger toolkit = Logger.getLogger("dev.affinity");
    private final Level previousLevel = toolkit.getLevel();
    private final StringBuilder captured = new StringBuilder();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (captured) {
                captured.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(' ')
                        .append(record.getMessage()).append('\n');
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogCapture() {
        toolkit.setLevel(Level.ALL);
        toolkit.addHandler(handler);
    }

    /** Everything logged so far. */
    String text() {
        synchronized (captured) {
            return captured.toString();
        }
    }

    @Override
    public void close() {
        toolkit.removeHandler(handler);
        toolkit.setLevel(previousLevel);
    }
}
