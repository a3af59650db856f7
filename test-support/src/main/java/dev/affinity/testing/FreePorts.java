package dev.affinity.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Ports of 127.0.0.1 free now, for servers whose port must be known before they start. */
public final class FreePorts {
    private FreePorts() {
    }

    /** A port the system just handed out as free on loopback. */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
    public static int block(int... offsets) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            boolean free = true;
            for (int i = 0; i < offsets.length && free; i++) {
                free = isFree(base + offsets[i]);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no block of " + offsets.length + " free ports found on loopback in 50 attempts");
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
