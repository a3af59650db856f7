package dev.affinity.balancer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends a request exactly as written (request line and headers a java.net.http client would
 * refuse or rewrite) over a loopback socket and reads the answer, with a bounded wait.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** A parsed answer. */
    record Answer(int status, String head, String body) {
        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(l -> l.substring(prefix.length()).trim()).findFirst().orElse(null);
        }
    }

    /**
     * Sends {@code GET target} with {@code extraHeaders} (each ending in CRLF), a {@code Host} header
     * naming {@code base} unless {@code extraHeaders} has one, and {@code Connection: close}.
     */
    static Answer get(URI base, String target, String extraHeaders) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5000);
            boolean hasHost = extraHeaders.toLowerCase(Locale.ROOT).startsWith("host:")
                    || extraHeaders.toLowerCase(Locale.ROOT).contains("\r\nhost:");
            String host = hasHost ? "" : "Host: " + base.getHost() + ":" + base.getPort() + "\r\n";
            String request = "GET " + target + " HTTP/1.1\r\n" + host + extraHeaders + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String text = readAll(socket.getInputStream());
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : text.substring(end + 4);
            int status = Integer.parseInt(head.substring(9, 12));
            return new Answer(status, head, body);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            bytes.write(buffer, 0, n);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
