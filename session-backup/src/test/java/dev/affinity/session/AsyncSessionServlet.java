package dev.affinity.session;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * Sets {@code name=value} in the session from an async processing thread, then completes; with
 * {@code then=fail}, commits the answer first, sets the value, and fails in an async dispatch
 * (a response the container aborts).
 */
public class AsyncSessionServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** This servlet's URI under a node's {@code base} URL, with {@code query}. */
    static URI at(URI base, String query) {
        return URI.create(base + "/async?" + query);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        if (req.getDispatcherType() == DispatcherType.ASYNC) {
            throw new IllegalStateException("failed after the answer was committed");
        }
        AsyncContext async = req.startAsync();
        if ("fail".equals(req.getParameter("then"))) {
            async.start(() -> failAfterCommit(req, resp, async));
            return;
        }
        async.start(() -> {
            req.getSession().setAttribute(req.getParameter("name"), req.getParameter("value"));
            try {
                resp.getWriter().write("ok");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            async.complete();
        });
    }

    private static void failAfterCommit(HttpServletRequest req, HttpServletResponse resp, AsyncContext async) {
        try {
            req.getSession().getId();
            resp.getWriter().write("committed");
            resp.flushBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        req.getSession().setAttribute(req.getParameter("name"), req.getParameter("value"));
        async.dispatch();
    }
}
