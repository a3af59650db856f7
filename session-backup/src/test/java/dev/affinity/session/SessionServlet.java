package dev.affinity.session;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The test webapp: {@code ?op=} set, get, dump, remove, invalidate, change-id, max-inactive,
 * set-flush-wait (sets, flushes the response, waits for the test), set-big-wait (sets, writes 100 000 bytes
 * of two-byte characters, more than the response buffer, waits), set-length-wait (sets, writes a body
 * of the Content-Length it set, waits), set-written-length-wait (sets, writes a body, then sets its
 * Content-Length, waits), set-big-stream-wait (sets, writes 100 000 bytes to the stream, waits),
 * set-error-wait and set-redirect-wait (set, then sendError(409) or sendRedirect, wait), fill (n string attributes), append (mutates a list in place without setAttribute), touch and id (isNew).
 */
public class SessionServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** This servlet's URI under a node's {@code base} URL, with {@code query}. */
    static URI at(URI base, String query) {
        return URI.create(base + "/s?" + query);
    }
    /** Released by a test to let a {@code set-flush-wait} request finish. */
    static volatile CountDownLatch release = new CountDownLatch(0);
    /** Counted down by a {@code set-wait} request once it has changed its session. */
    static volatile CountDownLatch entered = new CountDownLatch(0);

    private static void awaitRelease() {
        try {
            release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String op = req.getParameter("op");
        String name = req.getParameter("name");
        String value = req.getParameter("value");
        resp.setContentType("text/plain");
        HttpSession session = "get".equals(op) || "dump".equals(op) || "id".equals(op) ? req.getSession(false) : req.getSession();
        if (session == null) {
            resp.getWriter().write("no session");
            return;
        }
        String answer = switch (op == null ? "" : op) {
            case "set" -> {
                session.setAttribute(name, value);
                yield "ok";
            }
            case "set-list" -> {
                session.setAttribute(name, new ArrayList<>(List.of(value)));
                yield "ok";
            }
            case "append" -> {
                ((List<String>) session.getAttribute(name)).add(value);
                yield "ok";
            }
            case "set-object" -> {
                session.setAttribute(name, new Probe(value));
                yield "ok";
            }
            case "set-wait" -> {
                session.setAttribute(name, value);
                entered.countDown();
                awaitRelease();
                yield "ok";
            }
            case "set-flush-wait" -> {
                session.setAttribute(name, value);
                resp.getWriter().write("flushed");
                resp.getWriter().flush();
                awaitRelease();
                yield "";
            }
            case "set-big-wait" -> {
                session.setAttribute(name, value);
                resp.setCharacterEncoding("UTF-8");
                String chunk = "\u00e9".repeat(1_000);
                for (int i = 0; i < 50; i++) {
                    resp.getWriter().write(chunk);
                }
                awaitRelease();
                yield "";
            }
            case "set-length-wait" -> {
                session.setAttribute(name, value);
                resp.setContentLength(5);
                resp.getOutputStream().write("12345".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                awaitRelease();
                yield "";
            }
            case "set-written-length-wait" -> {
                session.setAttribute(name, value);
                resp.getOutputStream().write("12345".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                resp.setContentLength(5);
                awaitRelease();
                yield "";
            }
            case "set-big-stream-wait" -> {
                session.setAttribute(name, value);
                resp.getOutputStream().write(new byte[100_000]);
                awaitRelease();
                yield "";
            }
            case "set-error-wait" -> {
                session.setAttribute(name, value);
                resp.sendError(409, "conflict");
                awaitRelease();
                yield "";
            }
            case "set-redirect-wait" -> {
                session.setAttribute(name, value);
                resp.sendRedirect("/s?op=get&name=" + name);
                awaitRelease();
                yield "";
            }
            case "get" -> String.valueOf(session.getAttribute(name));
            case "remove" -> {
                session.removeAttribute(name);
                yield "ok";
            }
            case "fill" -> {
                for (int i = 0; i < Integer.parseInt(value); i++) {
                    session.setAttribute("attr" + i, "value-" + i + "-".repeat(20));
                }
                yield "ok";
            }
            case "dump" -> {
                TreeMap<String, Object> all = new TreeMap<>();
                for (String n : Collections.list(session.getAttributeNames())) {
                    all.put(n, session.getAttribute(n));
                }
                yield all.toString();
            }
            case "invalidate" -> {
                session.invalidate();
                yield "ok";
            }
            case "change-id" -> req.changeSessionId();
            case "max-inactive" -> {
                session.setMaxInactiveInterval(Integer.parseInt(value));
                yield "ok";
            }
            case "id", "touch" -> "new=" + session.isNew();
            default -> "unknown op";
        };
        if (!answer.isEmpty()) {
            resp.getWriter().write(answer);
        }
    }
}
