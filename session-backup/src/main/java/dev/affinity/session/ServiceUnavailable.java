package dev.affinity.session;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The session filter's {@code 503} answer: {@code Retry-After: 1} and a short plain-text reason, in place of whatever was buffered. */
public final class ServiceUnavailable {
    private ServiceUnavailable() {
    }

    /**
     * Replaces the (uncommitted) response with the {@code 503}, through the writer when the webapp
     * already took it (not every container forgets that on {@code reset()}).
     */
    public static void answer(HttpServletResponse response, String reason) throws IOException {
        response.reset();
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", "1");
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IllegalStateException writerInUse) {
            response.getWriter().write(reason + "\n");
        }
    }
}
