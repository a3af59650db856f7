package dev.affinity.filter;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.zip.CRC32;

/** A large body made on the fly: byte {@code i} is {@code i % 251}, so nothing of its size is ever held in memory. */
final class Pattern {
    private Pattern() {
    }

    /** Writes the pattern's bytes {@code [position, position + length)} into {@code buffer} from {@code from}. */
    static void fill(byte[] buffer, int from, long position, int length) {
        for (int i = 0; i < length; i++) {
            buffer[from + i] = (byte) ((position + i) % 251);
        }
    }

    /** The CRC32 of the first {@code size} bytes of the pattern. */
    static long crc(long size) {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        for (long done = 0; done < size; ) {
            int n = (int) Math.min(buffer.length, size - done);
            fill(buffer, 0, done, n);
            crc.update(buffer, 0, n);
            done += n;
        }
        return crc.getValue();
    }

    /**
     * The first {@code size} bytes of the pattern. Once {@code pauseAt} bytes are read it waits for
     * {@code resume}, and fails if that does not come.
     */
    static InputStream stream(long size, long pauseAt, CountDownLatch resume) {
        return new InputStream() {
            private long position;
            private boolean waited;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (position >= size) {
                    return -1;
                }
                if (!waited && position >= pauseAt) {
                    waited = true;
                    if (!Gates.await(resume)) {
                        throw new IOException("the body was not streamed: its start never reached the owner");
                    }
                }
                int n = (int) Math.min(length, size - position);
                fill(buffer, offset, position, n);
                position += n;
                return n;
            }
        };
    }
}
