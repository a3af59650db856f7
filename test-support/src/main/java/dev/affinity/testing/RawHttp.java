package dev.affinity.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Sends a request exactly as written over a loopback socket, for what an HTTP client would refuse
 * to send or would rewrite, and reads what comes back until the server closes the connection, stops
 * talking for 10 s or has sent 256 KiB.
 */
public final class RawHttp {
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final int READ_LIMIT = 256 * 1024;

    private RawHttp() {
    }

    /** Sends {@code request} (every byte of it, blank line included) to 127.0.0.1:{@code port}. */
    public static Answer send(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new Answer(readAll(socket.getInputStream()));
        }
    }

    /**
     * Sends {@code head} (request line and headers, without the closing blank line) to
     * 127.0.0.1:{@code port}, with {@code Connection: close} and the blank line added.
     */
    public static Answer sendHead(int port, String head) throws IOException {
        return send(port, head + "\r\nConnection: close\r\n\r\n");
    }

    /**
     * Sends {@code GET target} to {@code base} with {@code extraHeaders} (each ending in CRLF), a
     * {@code Host} header naming {@code base} unless {@code extraHeaders} has one, and
     * {@code Connection: close}.
     */
    public static Answer get(URI base, String target, String extraHeaders) throws IOException {
        String lower = extraHeaders.toLowerCase(Locale.ROOT);
        boolean hasHost = lower.startsWith("host:") || lower.contains("\r\nhost:");
        String host = hasHost ? "" : "Host: " + base.getHost() + ":" + base.getPort() + "\r\n";
        return send(base.getPort(), "GET " + target + " HTTP/1.1\r\n" + host + extraHeaders + "Connection: close\r\n\r\n");
    }

    /** The answer read from {@code socket}, on which a request was sent, until the server closes it or stops talking. */
    public static Answer read(Socket socket) throws IOException {
        return new Answer(readAll(socket.getInputStream()));
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int read = in.read(buffer); read >= 0 && bytes.size() < READ_LIMIT; read = in.read(buffer)) {
                bytes.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException | SocketException e) {
            // what arrived before the server stopped talking or reset is the answer
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * The raw text of what came back: one or more responses. Status, headers and body are those of
     * the first final response; interim ({@code 1xx}) responses before it are skipped.
     */
    public record Answer(String text) {
        /** The status of the first final response, or -1 when the server answered none. */
        public int status() {
            String response = finalResponse();
            if (!response.startsWith("HTTP/1.1 ") || response.length() < 12) {
                return -1;
            }
            return Integer.parseInt(response.substring(9, 12));
        }

        /** The status line and header lines of the first final response. */
        public String head() {
            String response = finalResponse();
            int end = response.indexOf("\r\n\r\n");
            return end < 0 ? response : response.substring(0, end);
        }

        /** The header lines of the first final response. */
        public List<String> headers() {
            return head().lines().skip(1).toList();
        }

        /** The first value of header {@code name} in the first final response, or {@code null}. */
        public String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers().stream().filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(line -> line.substring(prefix.length()).trim()).findFirst().orElse(null);
        }

        /** Everything after the first final response's head (its body, and any response after it). */
        public String body() {
            String response = finalResponse();
            int end = response.indexOf("\r\n\r\n");
            return end < 0 ? "" : response.substring(end + 4);
        }

        /** Whether the text shows a Java stack trace or exception class. */
        public boolean showsStackTrace() {
            return text.contains("\tat ") || text.contains(".java:")
                    || text.matches("(?s).*\\b[a-z]+(\\.[a-z]+)+\\.[A-Za-z]*Exception\\b.*");
        }

        private String finalResponse() {
            String response = text;
            while (response.startsWith("HTTP/1.1 1") && response.contains("\r\n\r\n")) {
                response = response.substring(response.indexOf("\r\n\r\n") + 4);
            }
            return response;
        }
    }
}
