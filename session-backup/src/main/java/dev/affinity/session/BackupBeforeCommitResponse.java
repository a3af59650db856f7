package dev.affinity.session;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.function.BooleanSupplier;

/**
 * In {@code write-mode=sync}, the response as the webapp sees it: before anything commits it, the
 * session's changes so far are backed up and acknowledged, and if they are not, the response
 * becomes a {@code 503} with {@code Retry-After} instead (what the webapp writes after that is
 * discarded). A commit is seen coming, as Spring Session's {@code OnCommittedResponseWrapper} sees
 * it: flushing the buffer, the stream or the writer, closing them, a redirect or an error, and a
 * body that is about to fill the response buffer or reach its {@code Content-Length}, or a
 * {@code Content-Length} set that the body written so far already reaches (the container would
 * commit it on its own). Characters written through the writer count at the
 * most bytes their encoding may take, so a commit is never missed, at worst foreseen early.
 */
public final class BackupBeforeCommitResponse extends HttpServletResponseWrapper {
    private static final String REFUSED = "the change could not be saved right now; retry in a moment";

    private final BooleanSupplier backup;
    private final Runnable onRefused;
    private ServletOutputStream stream;
    private PrintWriter writer;
    private long written;
    private long contentLength = -1;
    private volatile boolean refused;

    /**
     * @param backup    backs the session's changes up; false when they are not acknowledged
     * @param onRefused told when the response is turned into a {@code 503}
     */
    public BackupBeforeCommitResponse(HttpServletResponse response, BooleanSupplier backup, Runnable onRefused) {
        super(response);
        this.backup = backup;
        this.onRefused = onRefused;
    }

    /** Backs the session's changes up unless the response is committed; answers {@code 503} if they are not. */
    public synchronized void beforeCommit() throws IOException {
        if (refused || isCommitted() || backup.getAsBoolean()) {
            return;
        }
        refused = true;
        onRefused.run();
        HttpServletResponse response = (HttpServletResponse) getResponse();
        ServiceUnavailable.answer(response, REFUSED);
        response.flushBuffer();
    }

    /** Whether the response was turned into a {@code 503}. */
    boolean refused() {
        return refused;
    }

    private synchronized void beforeWriting(long bytes) throws IOException {
        written += bytes;
        if (written >= getBufferSize() || contentLength >= 0 && written >= contentLength) {
            beforeCommit();
        }
    }

    /** Backs up before {@code action} may commit the response, which then happens unless the response was refused. */
    private void committing(IoAction action) throws IOException {
        beforeCommit();
        if (!refused) {
            action.run();
        }
    }

    /** Counts {@code bytes} about to be written (backing up if they may commit the response), then writes unless refused. */
    private void writing(long bytes, IoAction write) throws IOException {
        beforeWriting(bytes);
        if (!refused) {
            write.run();
        }
    }

    /** An action on the container's response that may throw. */
    private interface IoAction {
        void run() throws IOException;
    }

    @Override
    public void flushBuffer() throws IOException {
        committing(super::flushBuffer);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        committing(() -> super.sendRedirect(location));
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        committing(() -> super.sendError(sc, msg));
    }

    @Override
    public void sendError(int sc) throws IOException {
        committing(() -> super.sendError(sc));
    }

    @Override
    public synchronized void reset() {
        if (!refused) {
            super.reset();
            written = 0;
            contentLength = -1;
        }
    }

    @Override
    public synchronized void resetBuffer() {
        if (!refused) {
            super.resetBuffer();
            written = 0;
        }
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public synchronized void setContentLengthLong(long len) {
        if (contentLengthSet(len)) {
            super.setContentLengthLong(len);
        }
    }

    @Override
    public synchronized void setHeader(String name, String value) {
        if (headerSet(name, value)) {
            super.setHeader(name, value);
        }
    }

    @Override
    public synchronized void addHeader(String name, String value) {
        if (headerSet(name, value)) {
            super.addHeader(name, value);
        }
    }

    @Override
    public synchronized void setIntHeader(String name, int value) {
        if (headerSet(name, String.valueOf(value))) {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public synchronized void addIntHeader(String name, int value) {
        if (headerSet(name, String.valueOf(value))) {
            super.addIntHeader(name, value);
        }
    }

    /** Notes a header about to be set; whether it may be. */
    private boolean headerSet(String name, String value) {
        if (!"Content-Length".equalsIgnoreCase(name)) {
            return !refused;
        }
        try {
            return contentLengthSet(value == null ? -1 : Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            contentLength = -1;
            return !refused;
        }
    }

    /**
     * Notes a Content-Length about to be set; whether it may be. A length the body written so far
     * already reaches commits the response there and then (the container closes it), so the backup
     * comes first.
     */
    private boolean contentLengthSet(long len) {
        if (!refused && len > 0 && written >= len) {
            try {
                beforeCommit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (refused) {
            return false;
        }
        contentLength = len;
        return true;
    }

    @Override
    public synchronized ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new GuardedStream(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public synchronized PrintWriter getWriter() throws IOException {
        if (writer == null) {
            float maxBytesPerChar = Charset.forName(getCharacterEncoding()).newEncoder().maxBytesPerChar();
            writer = new PrintWriter(new GuardedWriter(super.getWriter(), (int) Math.ceil(maxBytesPerChar)));
        }
        return writer;
    }

    /** The container's writer: a commit foreseen before each write, flush and close; nothing passes once refused. */
    private final class GuardedWriter extends Writer {
        private final PrintWriter delegate;
        private final int maxBytesPerChar;

        GuardedWriter(PrintWriter delegate, int maxBytesPerChar) {
            this.delegate = delegate;
            this.maxBytesPerChar = maxBytesPerChar;
        }

        @Override
        public void write(char[] chars, int off, int len) throws IOException {
            writing((long) len * maxBytesPerChar, () -> delegate.write(chars, off, len));
        }

        @Override
        public void write(String text, int off, int len) throws IOException {
            writing((long) len * maxBytesPerChar, () -> delegate.write(text, off, len));
        }

        @Override
        public void write(int c) throws IOException {
            writing(maxBytesPerChar, () -> delegate.write(c));
        }

        @Override
        public void flush() throws IOException {
            committing(delegate::flush);
        }

        @Override
        public void close() throws IOException {
            committing(delegate::close);
        }
    }

    /** The container's stream: a commit foreseen before each write, flush and close; nothing passes once refused. */
    private final class GuardedStream extends ServletOutputStream {
        private final ServletOutputStream delegate;

        GuardedStream(ServletOutputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(int b) throws IOException {
            writing(1, () -> delegate.write(b));
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writing(len, () -> delegate.write(b, off, len));
        }

        @Override
        public void flush() throws IOException {
            committing(delegate::flush);
        }

        @Override
        public void close() throws IOException {
            committing(delegate::close);
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }
}
