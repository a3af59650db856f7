package dev.affinity.filter;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * The webapp behind the filter in tests: {@code /app/echo} describes the request it received as
 * JSON, {@code /app/upload} and {@code /app/download} stream large bodies, {@code /app/slow}
 * answers once released, {@code /app/headers-then-die?on=NODE} cuts its connection after its headers on NODE.
 */
final class TestApp extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIB = 1 << 20;

    private final String node;

    TestApp(String node) {
        this.node = node;
    }

    /** The name of the node this app runs on. */
    String node() {
        return node;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/download")) {
            download(request, response);
        } else if (path.startsWith("/upload")) {
            upload(request, response);
        } else if (path.startsWith("/refuse")) {
            response.setStatus(413);
            response.setContentType("text/plain");
            response.getWriter().print("refused by " + node + " unread");
        } else if (path.startsWith("/slow")) {
            boolean released = Gates.await(Gates.slowReleased);
            response.setContentType("text/plain");
            response.getWriter().print(released ? "released" : "gave up");
        } else if (path.startsWith("/headers-then-die") && node.equals(request.getParameter("on"))) {
            dieAfterHeaders(response);
        } else if (path.startsWith("/warm")) {
            warm(request, response);
        } else {
            echo(request, response);
        }
    }

    /**
     * Sends its answer's headers, promising a body, then fails: the container, whose response is
     * committed, can only cut the connection, as a node killed mid-answer does.
     */
    private static void dieAfterHeaders(HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setContentLength(100);
        response.flushBuffer();
        throw new IllegalStateException("dies after its headers (a test app's request)");
    }

    /** Counts a warm-up request once {@link Gates#warmReleased} lets it through. */
    private void warm(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean released = Gates.await(Gates.warmReleased);
        Gates.warmRequests.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
        if (request.getHeader(ForwardingMark.HEADER) != null) {
            Gates.warmRequestsMarked.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
        }
        response.setContentType("text/plain");
        response.getWriter().print(released ? "warm" : "gave up");
    }

    private void echo(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("node", node);
        seen.put("method", request.getMethod());
        seen.put("uri", request.getRequestURI());
        seen.put("query", request.getQueryString());
        seen.put("host", request.getHeader("Host"));
        seen.put("xForwardedFor", Collections.list(request.getHeaders("X-Forwarded-For")));
        seen.put("xForwardedProto", request.getHeader("X-Forwarded-Proto"));
        seen.put("forwarded", Collections.list(request.getHeaders("Forwarded")));
        seen.put("via", request.getHeader("Via"));
        seen.put("mark", request.getHeader(ForwardingMark.HEADER));
        seen.put("multi", Collections.list(request.getHeaders("X-Multi")));
        seen.put("transferEncoding", request.getHeader("Transfer-Encoding"));
        List<String> headerNames = new ArrayList<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headerNames.add(name.toLowerCase(java.util.Locale.ROOT));
        }
        seen.put("headerNames", headerNames);
        List<String> cookies = new ArrayList<>();
        if (request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                cookies.add(cookie.getName() + "=" + cookie.getValue());
            }
        }
        seen.put("cookies", cookies);
        long[] body = readAll(request.getInputStream(), -1);
        seen.put("bodyLength", body[0]);
        seen.put("bodyCrc", body[1]);
        String status = request.getHeader("X-Want-Status");
        response.setStatus(status == null ? 200 : Integer.parseInt(status));
        if (request.getHeader("X-Want-Hop") != null) {
            response.setHeader("Connection", "X-Hop");
            response.setHeader("X-Hop", "for the next hop only");
        }
        response.addHeader("X-Reply", "one");
        response.addHeader("X-Reply", "two");
        response.addCookie(new Cookie("r1", "v1"));
        response.addCookie(new Cookie("r2", "v2"));
        response.setContentType("application/json");
        byte[] json = JSON.writeValueAsBytes(seen);
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    private void upload(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long[] body = readAll(request.getInputStream(), MIB);
        response.setContentType("text/plain");
        response.getWriter().print(node + " " + body[0] + " " + body[1]);
    }

    private void download(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long size = Long.parseLong(request.getParameter("size"));
        response.setContentType("application/octet-stream");
        response.setContentLengthLong(size);
        try {
            OutputStream out = response.getOutputStream();
            byte[] chunk = new byte[64 * 1024];
            long written = 0;
            boolean gated = false;
            while (written < size) {
                int n = (int) Math.min(chunk.length, size - written);
                Pattern.fill(chunk, 0, written, n);
                out.write(chunk, 0, n);
                written += n;
                if (!gated && written >= 16L * MIB) {
                    gated = true;
                    out.flush();
                    if (!Gates.await(Gates.downloadStarted)) {
                        Gates.downloadGateTimedOut.set(true);
                    }
                }
            }
        } finally {
            Gates.downloadsEnded.incrementAndGet();
        }
    }

    /** Reads a body to its end: its length and CRC32; counts down the upload gate after {@code signalAfter} bytes. */
    private static long[] readAll(InputStream in, long signalAfter) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            crc.update(buffer, 0, n);
            total += n;
            if (signalAfter >= 0 && total >= signalAfter) {
                Gates.uploadStarted.countDown();
            }
        }
        return new long[] {total, crc.getValue()};
    }
}
