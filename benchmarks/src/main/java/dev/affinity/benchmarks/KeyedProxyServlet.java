package dev.affinity.benchmarks;

import dev.affinity.routing.MemberListParser;
import dev.affinity.routing.PartitionKey;
import dev.affinity.routing.Placement;
import dev.affinity.routing.Strategy;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;

/**
 * Jetty's {@code AsyncProxyServlet} as a hash tier: each request goes to the owner of its
 * {@code id} query parameter among the members, placed by rendezvous as the toolkit places it.
 */
final class KeyedProxyServlet extends AsyncProxyServlet {
    private static final long serialVersionUID = 1L;
    private final transient Placement placement;

    KeyedProxyServlet(String members) {
        this.placement = Strategy.RENDEZVOUS.place(new MemberListParser("members").parseList(members));
    }

    @Override
    protected String rewriteTarget(HttpServletRequest request) {
        String id = request.getParameter("id");
        String owner = placement.owner(PartitionKey.of(id == null ? "" : id).hash()).baseUrl().toString();
        String query = request.getQueryString();
        return owner + request.getRequestURI() + (query == null ? "" : "?" + query);
    }
}
