package dev.affinity.balancer;

import dev.affinity.metrics.ComponentMeters;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Answers every request with a redirect to the member that owns it ({@code 303} for {@code GET}
 * and {@code HEAD}, {@code 307} for other methods so their body is sent again, unless
 * {@code redirect.status} forces one; {@code Location} built from the member's configured base URL
 * and the request's path and query), {@code 503} with {@code Retry-After} when its pool has no
 * healthy member, or {@code 400} when it is malformed. Serves the JSON status page, the farm
 * dashboard ({@link FarmDashboard}) and the Prometheus metrics when enabled, to {@code GET} only,
 * from {@code status.allow}.
 */
public final class RedirectBalancerServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private transient Balancer balancer;
    private transient BalancerStatus status;
    private transient ComponentMeters meters;
    private transient FarmDashboard dashboard;
    private transient DrainRelay relay;

    @Override
    public void init() throws ServletException {
        Object attribute = getServletContext().getAttribute(BalancerListener.ATTRIBUTE);
        if (!(attribute instanceof Balancer started)) {
            throw new ServletException("affinity balancer: " + BalancerListener.class.getName() + " is not registered in web.xml");
        }
        balancer = started;
        status = new BalancerStatus(started);
        dashboard = new FarmDashboard(started);
        relay = new DrainRelay(started);
        meters = getServletContext().getAttribute(BalancerListener.METERS_ATTRIBUTE) instanceof ComponentMeters bound
                ? bound : ComponentMeters.NONE;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        BalancerConfig config = balancer.config();
        if (config.status().matches(request)) {
            if (config.status().access().admit(request, response)) {
                response.setContentType("application/json");
                response.getOutputStream().write(status.json());
            }
            return;
        }
        if (config.dashboard().page().matches(request)) {
            if (config.dashboard().page().access().admit(request, response)) {
                response.setContentType("text/html;charset=UTF-8");
                response.getOutputStream().write(dashboard.html(request.getContextPath()));
            }
            return;
        }
        if (config.dashboard().page().enabled()
                && request.getRequestURI().equals(request.getContextPath() + config.dashboard().actionPath())) {
            try {
                relay.answer(request, response);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                plainText(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "affinity: the balancer is stopping");
            }
            return;
        }
        if (meters.serve(request, response)) {
            return;
        }
        Decision decision = balancer.decide(request);
        if (decision instanceof Decision.Redirect redirect) {
            redirect(request, response, redirect);
        } else if (decision instanceof Decision.Unavailable unavailable) {
            response.setHeader("Retry-After", String.valueOf(balancer.config().retryAfter().toSeconds()));
            plainText(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "no healthy member in pool " + unavailable.pool());
        } else {
            plainText(response, HttpServletResponse.SC_BAD_REQUEST, ((Decision.Rejected) decision).message());
        }
    }

    @Override
    public void destroy() {
        dashboard.close();
        relay.close();
    }

    private void redirect(HttpServletRequest request, HttpServletResponse response, Decision.Redirect redirect) throws IOException {
        if (redirect.stick()) {
            Cookie cookie = new Cookie(balancer.config().stickyCookie(), redirect.member().name());
            cookie.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
            cookie.setHttpOnly(true);
            cookie.setAttribute("SameSite", "Lax");
            response.addCookie(cookie);
        }
        String location = redirect.location();
        response.setStatus(balancer.statusOf(redirect, request.getMethod()));
        response.setHeader("Location", location);
        response.setContentType("text/html;charset=UTF-8");
        if (!"HEAD".equals(request.getMethod())) {
            String link = Html.escape(location);
            response.getOutputStream().write(("<!DOCTYPE html>\n<html><head><title>Redirect</title></head><body>"
                    + "<p>This request is served by <a href=\"" + link + "\">" + link + "</a>.</p></body></html>\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    static void plainText(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
