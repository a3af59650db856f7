package dev.affinity.filter;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Short plain-text answers the filter gives itself: errors, the health check. */
final class PlainText {
    private PlainText() {
    }

    /** Replaces whatever the response holds with {@code status} and a one-line body. */
    static void send(HttpServletResponse response, int status, String message) throws IOException {
        response.reset();
        write(response, status, message);
    }

    /** Sets {@code status} and a one-line body, keeping the headers already set. */
    static void write(HttpServletResponse response, int status, String message) throws IOException {
        response.getOutputStream().write(prepare(response, status, message));
    }

    /** Sets {@code status} and the headers of a one-line body, and returns the body, to be written by the caller. */
    static byte[] prepare(HttpServletResponse response, int status, String message) {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        return body;
    }
}
