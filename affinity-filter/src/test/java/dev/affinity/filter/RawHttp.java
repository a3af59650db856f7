package dev.affinity.filter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends a request exactly as written (for what HTTP clients refuse to send) and reads the answer to
 * the end; interim ({@code 1xx}) answers are skipped.
 */
final class RawHttp {

    /** A response: status line, header lines and body. */
    record Answer(int status, List<String> headers, String body) {
        /** The first value of header {@code name}, or {@code null}. */
        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).trim()).findFirst().orElse(null);
        }
    }

    private RawHttp() {
    }

    /** Sends {@code head} (request line and headers, without the closing blank line) to 127.0.0.1:{@code port}. */
    static Answer send(int port, String head) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String text = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
            while (text.startsWith("HTTP/1.1 1")) {
                text = text.substring(text.indexOf("\r\n\r\n") + 4);
            }
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
