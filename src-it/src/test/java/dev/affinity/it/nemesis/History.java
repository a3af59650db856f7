package dev.affinity.it.nemesis;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Jepsen-style history: every client operation as an {@code invoke} line and then one
 * {@code ok}, {@code fail} or {@code unknown} line with what was seen, and every fault of the
 * nemesis as {@code start}/{@code end} lines; kept in memory for the checker and written as JSON
 * lines to a file as it happens.
 */
final class History implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One line of the history.
     *
     * @param millis  milliseconds since the run began
     * @param process the client (or {@code nemesis})
     * @param type    {@code invoke}, {@code ok}, {@code fail}, {@code unknown}; for the nemesis {@code start}, {@code end}
     * @param f       the operation: {@code incr} (counter), {@code add} (cart item), {@code read}; or the fault
     * @param key     the operation's {@code Idempotency-Key} (or the node a fault hit)
     * @param value   what the operation sent or saw: the count, the cart's quantities, a sku
     * @param detail  how it went: the status and entry point of each attempt
     */
    record Event(long millis, String process, String type, String f, String key, Object value, String detail) {
    }

    private final long start = System.nanoTime();
    private final List<Event> events = new ArrayList<>();
    private final BufferedWriter file;
    private long acknowledged;

    History(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        this.file = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    synchronized void add(String process, String type, String f, String key, Object value, String detail) {
        Event event = new Event((System.nanoTime() - start) / 1_000_000, process, type, f, key, value, detail);
        events.add(event);
        if (type.equals("ok")) {
            acknowledged++;
        }
        try {
            file.write(JSON.writeValueAsString(event));
            file.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many operations were answered {@code ok} so far. */
    synchronized long acknowledged() {
        return acknowledged;
    }

    /** Every event so far, in the order they happened. */
    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
