package dev.affinity.logging;

import java.lang.System.Logger.Level;

/**
 * The toolkit's log lines, through the JDK's {@link System.Logger}: with no extra jar they reach
 * {@code java.util.logging}, which Tomcat writes to its logs ({@code catalina.out} and friends) and
 * Jetty to its console. An application that logs through SLF4J routes them there by adding
 * {@code org.slf4j:slf4j-jdk-platform-logging}. Messages use SLF4J's {@code {}} placeholders; a
 * {@link Throwable} after the last placeholder's argument is logged as the cause.
 */
public final class Log {
    private final System.Logger logger;

    private Log(System.Logger logger) {
        this.logger = logger;
    }

    /** The log of {@code type}, named after it. */
    public static Log of(Class<?> type) {
        return new Log(System.getLogger(type.getName()));
    }

    /** Whether debug lines are written. */
    public boolean isDebugEnabled() {
        return logger.isLoggable(Level.DEBUG);
    }

    /** A detail for whoever investigates. */
    public void debug(String message, Object... arguments) {
        log(Level.DEBUG, message, arguments);
    }

    /** A normal event an operator may want to see. */
    public void info(String message, Object... arguments) {
        log(Level.INFO, message, arguments);
    }

    /** Something went wrong and was handled. */
    public void warn(String message, Object... arguments) {
        log(Level.WARNING, message, arguments);
    }

    /** Something went wrong that needs an operator. */
    public void error(String message, Object... arguments) {
        log(Level.ERROR, message, arguments);
    }

    private void log(Level level, String message, Object[] arguments) {
        if (!logger.isLoggable(level)) {
            return;
        }
        Throwable cause = null;
        int placeholders = placeholders(message);
        if (arguments.length > placeholders && arguments[arguments.length - 1] instanceof Throwable thrown) {
            cause = thrown;
        }
        String text = format(message, arguments, placeholders);
        if (cause == null) {
            logger.log(level, text);
        } else {
            logger.log(level, text, cause);
        }
    }

    /** {@code message} with each {@code {}} replaced by the next argument, in order. */
    static String format(String message, Object[] arguments, int placeholders) {
        StringBuilder text = new StringBuilder(message.length() + 32);
        int from = 0;
        for (int i = 0; i < placeholders; i++) {
            int at = message.indexOf("{}", from);
            text.append(message, from, at).append(i < arguments.length ? String.valueOf(arguments[i]) : "{}");
            from = at + 2;
        }
        return text.append(message, from, message.length()).toString();
    }

    private static int placeholders(String message) {
        int count = 0;
        for (int at = message.indexOf("{}"); at >= 0; at = message.indexOf("{}", at + 2)) {
            count++;
        }
        return count;
    }
}
