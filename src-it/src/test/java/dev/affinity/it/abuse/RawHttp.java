package dev.affinity.it.abuse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Sends bytes an HTTP client would refuse to send over a plain socket and reads what comes back
 * until the server closes the connection (every request asks for {@code Connection: close}).
 */
final class RawHttp {
    private static final int READ_LIMIT = 256 * 1024;

    private RawHttp() {
    }

    /** The server's answer to {@code request} sent to 127.0.0.1:{@code port}. */
    static Answer send(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new Answer(readAll(socket.getInputStream()));
        }
    }

    /** The answer read from {@code socket}, on which a request was sent, until the server closes it or stops talking. */
    static Answer read(Socket socket) throws IOException {
        return new Answer(readAll(socket.getInputStream()));
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int read = in.read(buffer); read >= 0 && bytes.size() < READ_LIMIT; read = in.read(buffer)) {
                bytes.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // what arrived before the server stopped talking or reset is the answer
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    /** The raw text of one or more responses. */
    record Answer(String text) {
        /** The status of the first response, or -1 when the server closed without answering. */
        int status() {
            if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
                return -1;
            }
            return Integer.parseInt(text.substring(9, 12));
        }

        /** The first response's header {@code name}, if present. */
        Optional<String> header(String name) {
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return head.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(line -> line.substring(prefix.length()).trim()).findFirst();
        }

        /** Whether the text shows a Java stack trace or exception class. */
        boolean showsStackTrace() {
            return text.contains("\tat ") || text.contains(".java:") || text.matches("(?s).*\\b[a-z]+(\\.[a-z]+)+\\.[A-Za-z]*Exception\\b.*");
        }
    }
}
