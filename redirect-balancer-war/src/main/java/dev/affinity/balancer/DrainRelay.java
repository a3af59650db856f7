package dev.affinity.balancer;

import dev.affinity.access.AdminSignature;
import dev.affinity.logging.Log;
import dev.affinity.routing.Member;
import dev.affinity.routing.PeerHttp;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The dashboard's drain and undrain buttons: {@code POST <dashboard>/drain} with the form fields
 * {@code node} (a member's name) and {@code action} ({@code drain} or {@code undrain}) makes the
 * balancer call that member's admin endpoint ({@code POST <node-admin-path>/<action>}) and answers
 * {@code 303} back to the dashboard. Only from {@code status.allow}, only {@code POST}, only from
 * the dashboard's own origin when a browser says where the form came from ({@code Origin},
 * {@code Sec-Fetch-Site}), and only to a current member. The call carries an {@code Affinity-Admin}
 * header signed with the farm {@code secret} when the balancer has it; without it, the node admits the
 * balancer only from its {@code admin.allow}.
 */
final class DrainRelay implements AutoCloseable {
    private static final Log LOG = Log.of(DrainRelay.class);
    private static final Set<String> ACTIONS = Set.of("drain", "undrain");
    /** Only the nodes check a signature's age; the balancer only signs. */
    private static final Duration SIGNATURE_SKEW = Duration.ofSeconds(30);

    private final Balancer balancer;
    private final ExecutorService executor = Executors.newCachedThreadPool(PeerHttp.daemonThreads("affinity-drain-relay"));
    private final HttpClient client = PeerHttp.newClient(Duration.ofSeconds(2), executor);

    DrainRelay(Balancer balancer) {
        this.balancer = balancer;
    }

    /** Answers {@code request}, a press of a drain or undrain button. */
    void answer(HttpServletRequest request, HttpServletResponse response) throws IOException, InterruptedException {
        BalancerConfig config = balancer.config();
        if (!config.dashboard().page().access().admit(request, response, "POST")) {
            return;
        }
        if (!sameOrigin(request)) {
            RedirectBalancerServlet.plainText(response, HttpServletResponse.SC_FORBIDDEN, "affinity: drain and undrain are accepted from the dashboard's own page only");
            return;
        }
        String action = request.getParameter("action");
        String node = request.getParameter("node");
        if (action == null || !ACTIONS.contains(action)) {
            RedirectBalancerServlet.plainText(response, HttpServletResponse.SC_BAD_REQUEST, "affinity: action must be drain or undrain");
            return;
        }
        Member member = balancer.farm().members().stream().filter(m -> m.name().equals(node)).findFirst().orElse(null);
        if (member == null) {
            RedirectBalancerServlet.plainText(response, HttpServletResponse.SC_BAD_REQUEST, "affinity: node must name a current member");
            return;
        }
        HttpRequest.Builder call = HttpRequest.newBuilder(member.baseUrl().resolve(config.dashboard().nodeAdminPath() + "/" + action))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody());
        config.dashboard().secret().ifPresent(secret -> call.header(AdminSignature.HEADER,
                new AdminSignature(secret, SIGNATURE_SKEW, System::currentTimeMillis).sign(action, member.name())));
        HttpResponse<String> answer;
        try {
            answer = client.send(call.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            RedirectBalancerServlet.plainText(response, HttpServletResponse.SC_BAD_GATEWAY, "affinity: " + member.name() + " did not answer the " + action);
            return;
        }
        if (answer.statusCode() / 100 != 2) {
            RedirectBalancerServlet.plainText(response, HttpServletResponse.SC_BAD_GATEWAY, "affinity: " + member.name() + " answered the " + action + " with "
                    + answer.statusCode());
            return;
        }
        LOG.info("affinity balancer: {} asked from the dashboard by {}, {} answered {}", action, request.getRemoteAddr(),
                member.name(), answer.statusCode());
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + config.dashboard().page().path());
    }

    /** No browser says the form came from elsewhere (tools send neither header). */
    private static boolean sameOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin")) {
            return false;
        }
        String origin = request.getHeader("Origin");
        return origin == null || origin.equals(request.getScheme() + "://" + request.getHeader("Host"));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
