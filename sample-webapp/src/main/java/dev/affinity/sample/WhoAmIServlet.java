package dev.affinity.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /whoami?id=…}: names the node that answers. The affinity filter sends the request to
 * the owner of {@code id}, so the answer is that key's owner, as routing sees it now.
 */
public class WhoAmIServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonResponses.write(response, Map.of("node", JsonResponses.node(getServletContext())));
    }
}
