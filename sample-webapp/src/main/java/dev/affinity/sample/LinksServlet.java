package dev.affinity.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /links}: where the page may link to beyond this node, as the launcher says: the farm
 * dashboard of the redirect balancer ({@code {"dashboard": URL}}) when the system property
 * {@value #DASHBOARD} names it (the demo launcher sets it), else nothing ({@code {}}).
 */
public class LinksServlet extends HttpServlet {
    /** The system property naming the balancer's farm dashboard. */
    public static final String DASHBOARD = "sample.dashboard";
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String dashboard = System.getProperty(DASHBOARD);
        boolean web = dashboard != null && (dashboard.startsWith("http://") || dashboard.startsWith("https://"));
        JsonResponses.write(response, web ? Map.of("dashboard", dashboard) : Map.of());
    }
}
