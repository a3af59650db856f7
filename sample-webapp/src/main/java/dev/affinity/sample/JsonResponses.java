package dev.affinity.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.filter.AffinityFilter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes the demo's JSON answers and its short plain-text refusals. */
final class JsonResponses {
    static final ObjectMapper JSON = new ObjectMapper();

    private JsonResponses() {
    }

    static void write(HttpServletResponse response, Object body) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getWriter(), body);
    }

    static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().println(message);
    }

    /** This node's name, as the affinity filter publishes it, else "local". */
    static String node(ServletContext context) {
        Object name = context.getAttribute(AffinityFilter.NODE_ATTRIBUTE);
        return name == null ? "local" : name.toString();
    }
}
