package dev.affinity.filter;

import jakarta.servlet.ServletOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.util.Callback;

/**
 * Writes a member's answer that arrived whole (its {@code Content-Length} in one piece) to the
 * client in one asynchronous write, with Jetty 12's own {@code HttpOutput.sendContent}: the headers
 * and the body leave in one system call from the thread that received them, without the
 * {@code WriteListener} that makes Jetty hand the write to another thread. Nothing waits on the
 * client: a client that does not read holds the write (of a copy), never a thread, until its idle
 * timeout.
 *
 * <p>Only where the response's output is the server's own Jetty class (an embedded Jetty, the node
 * launcher, a webapp that does not bring its own copy of Jetty's servlet classes); elsewhere, in
 * Tomcat for one, nothing is sent this way and the answer is streamed with the servlet API.
 */
final class WholeAnswerWrite {
    private static final Class<?> JETTY_OUTPUT = jettyOutput();

    private WholeAnswerWrite() {
    }

    /**
     * Whether the responses of the server whose thread pool is {@code serverExecutor} (the context
     * attribute Jetty offers; {@code null} elsewhere) can all be sent this way: the server is a
     * Jetty whose classes this filter sees as its own.
     */
    static boolean sameServerAs(Object serverExecutor) {
        return JETTY_OUTPUT != null && serverExecutor != null
                && JETTY_OUTPUT.getClassLoader() == serverExecutor.getClass().getClassLoader();
    }

    /**
     * Sends a copy of {@code length} bytes of {@code bytes} from {@code offset} as the whole body of
     * an uncommitted response and closes the output, where {@code output} is Jetty's own; the caller
     * may reuse the array at once, and {@code done} is told when the copy is written or failed.
     * {@code false}, and nothing sent, where it is not.
     */
    static boolean sendCopyIfAvailable(ServletOutputStream output, byte[] bytes, int offset, int length, Callback done) {
        if (JETTY_OUTPUT == null || !JETTY_OUTPUT.isInstance(output)) {
            return false;
        }
        ((HttpOutput) output).sendContent(ByteBuffer.wrap(Arrays.copyOfRange(bytes, offset, offset + length)), done);
        return true;
    }

    private static Class<?> jettyOutput() {
        try {
            return Class.forName("org.eclipse.jetty.ee10.servlet.HttpOutput", false, WholeAnswerWrite.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            return null;
        }
    }
}
