package dev.affinity.benchmarks;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The back end of the HTTP benchmarks. {@code GET} answers a short text, or with {@code bytes=N}
 * streams N bytes; {@code POST} reads the whole body and answers how many bytes it read.
 */
final class BenchApp extends HttpServlet {
    private static final byte[] OK = "ok\n".getBytes();
    private static final int CHUNK = 64 * 1024;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String bytes = request.getParameter("bytes");
        response.setContentType("application/octet-stream");
        if (bytes == null) {
            response.setContentLength(OK.length);
            response.getOutputStream().write(OK);
            return;
        }
        long remaining = Long.parseLong(bytes);
        response.setContentLengthLong(remaining);
        byte[] chunk = new byte[CHUNK];
        OutputStream out = response.getOutputStream();
        while (remaining > 0) {
            int length = (int) Math.min(CHUNK, remaining);
            out.write(chunk, 0, length);
            remaining -= length;
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] chunk = new byte[CHUNK];
        long read = 0;
        try (InputStream in = request.getInputStream()) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                read += n;
            }
        }
        response.setContentType("text/plain");
        response.getWriter().print(read);
    }
}
