package dev.affinity.session;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * In {@code write-mode=sync}, the response as the webapp sees it: before anything the webapp does
 * commits it (flushing the buffer, the stream or the writer, closing them, a redirect or an
 * error), the session's changes so far are backed up and acknowledged. A body larger than the
 * response buffer is committed by the container itself, without this hook.
 */
final class BackupBeforeCommitResponse extends HttpServletResponseWrapper {
    private final Runnable backup;
    private final AtomicBoolean done = new AtomicBoolean();
    private ServletOutputStream stream;
    private PrintWriter writer;

    BackupBeforeCommitResponse(HttpServletResponse response, Runnable backup) {
        super(response);
        this.backup = backup;
    }

    private void beforeCommit() {
        if (!isCommitted() && done.compareAndSet(false, true)) {
            backup.run();
        }
    }

    @Override
    public void flushBuffer() throws IOException {
        beforeCommit();
        super.flushBuffer();
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        beforeCommit();
        super.sendRedirect(location);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        beforeCommit();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        beforeCommit();
        super.sendError(sc);
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
            writer = new PrintWriter(super.getWriter()) {
                @Override
                public void flush() {
                    beforeCommit();
                    super.flush();
                }

                @Override
                public void close() {
                    beforeCommit();
                    super.close();
                }
            };
        }
        return writer;
    }

    /** The container's stream, backing up before a flush or close. */
    private final class GuardedStream extends ServletOutputStream {
        private final ServletOutputStream delegate;

        GuardedStream(ServletOutputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(int b) throws IOException {
            delegate.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            delegate.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            beforeCommit();
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            beforeCommit();
            delegate.close();
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
