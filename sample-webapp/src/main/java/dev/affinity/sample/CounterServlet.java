package dev.affinity.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /counter}: counts this session's requests. A request sent again with the
 * {@code Idempotency-Key} of the last count gets that count again instead of a new one.
 */
public class CounterServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (AppliedRequest.refuseMalformed(request, response)) {
            return;
        }
        HttpSession session = request.getSession();
        int count;
        synchronized (session) {
            Integer previous = (Integer) session.getAttribute("count");
            if (AppliedRequest.isApplied(session, request)) {
                count = previous;
            } else {
                count = previous == null ? 1 : previous + 1;
                session.setAttribute("count", count);
                AppliedRequest.noteApplied(session, request);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", JsonResponses.node(getServletContext()));
        body.put("session", session.getId());
        body.put("count", count);
        JsonResponses.write(response, body);
    }
}
