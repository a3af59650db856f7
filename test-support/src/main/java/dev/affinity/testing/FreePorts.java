package dev.affinity.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports of 127.0.0.1 free now, for servers whose port must be known before they start.
 *
 * <p>Ports are taken below the system's ephemeral range (read from
 * {@code /proc/sys/net/ipv4/ip_local_port_range}), never from it: a port the system may hand to an
 * outgoing connection can be taken before the server binds it, and a client that connects to a
 * not-yet-listening ephemeral port on loopback can be given that very port as its own and connect
 * to itself. A Hazelcast member that tried its not-yet-started peer that way kept the peer from
 * joining until Hazelcast gave up ("Node failed to start!"). A port is handed out once per JVM.
 */
public final class FreePorts {
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** A port free on loopback now, outside the ephemeral range, not handed out before in this JVM. */
    public static int next() {
        return block(0);
    }

    /**
     * The first of {@code count} consecutive ports free on loopback now, for servers that take the
     * next free port of a range (such as a Hazelcast member with port auto-increment).
     */
    public static int range(int count) {
        int[] offsets = new int[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = i;
        }
        return block(offsets);
    }

    /** A base port such that {@code base + offset} is free on loopback now for each of {@code offsets}. */
    public static synchronized int block(int... offsets) {
        int span = 0;
        for (int offset : offsets) {
            span = Math.max(span, offset);
        }
        int[] window = window();
        int lowest = window[0];
        int highest = window[1] - span;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(lowest, highest + 1);
            boolean free = true;
            for (int i = 0; i < offsets.length && free; i++) {
                free = !HANDED_OUT.contains(base + offsets[i]) && isFree(base + offsets[i]);
            }
            if (free) {
                for (int offset : offsets) {
                    HANDED_OUT.add(base + offset);
                }
                return base;
            }
        }
        throw new IllegalStateException("no block of " + offsets.length + " free ports found on loopback between " + lowest
                + " and " + highest + " in " + ATTEMPTS + " attempts");
    }

    /** The ports to choose from: below the ephemeral range, or above it when it starts too low to leave room. */
    private static int[] window() {
        int[] ephemeral = ephemeralRange();
        if (ephemeral[0] > LOWEST + 1_000) {
            return new int[] {LOWEST, ephemeral[0] - 1};
        }
        return new int[] {ephemeral[1] + 1, 65_535};
    }

    /** The system's ephemeral port range, or Linux's default when it cannot be read. */
    private static int[] ephemeralRange() {
        try {
            String[] bounds = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32_768, 60_999};
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
