package dev.affinity.session;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/** Sets {@code name=value} in the session from an async processing thread, then completes. */
public class AsyncSessionServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** This servlet's URI under a node's {@code base} URL, with {@code query}. */
    static URI at(URI base, String query) {
        return URI.create(base + "/async?" + query);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        AsyncContext async = req.startAsync();
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
}
