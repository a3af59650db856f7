package dev.affinity.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.access.AdminSignature;
import dev.affinity.access.AllowedAddresses;
import dev.affinity.drain.NodeDrain;
import dev.affinity.routing.Member;
import dev.affinity.routing.Routing;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node's admin endpoints under {@code <context>/affinity/admin/}: {@code POST drain},
 * {@code POST undrain} and {@code GET drain} answer the node's drain state as JSON
 * ({@code {"node","state","sessions","requests"}}), for a client address in {@code admin.allow}
 * or a request signed with the farm secret ({@link AdminSignature}: action {@code drain},
 * {@code undrain} or {@code state}, this node's name). {@code POST peer-state} is a member saying
 * it drains or serves again (signed, action {@code draining} or {@code serving}, the member's name).
 */
final class AdminEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/affinity/admin/";

    private final String prefix;
    private final AllowedAddresses allowed;
    private final AdminSignature signatures;
    private final NodeDrain drain;
    private final Routing routing;

    /**
     * @param contextPath the webapp's context path
     * @param allowed the addresses allowed without a signature ({@code admin.allow})
     * @param signatures checks signed calls; {@code null} without a farm secret
     * @param drain this node's drain state
     * @param routing the routing core, whose health learns of members' states
     */
    AdminEndpoint(String contextPath, AllowedAddresses allowed, AdminSignature signatures, NodeDrain drain, Routing routing) {
        this.prefix = contextPath + PREFIX;
        this.allowed = allowed;
        this.signatures = signatures;
        this.drain = drain;
        this.routing = routing;
    }

    /** Whether {@code request} is for an admin endpoint. */
    boolean matches(HttpServletRequest request) {
        return request.getRequestURI().startsWith(prefix);
    }

    /** Answers an admin request on {@code self}. */
    void answer(HttpServletRequest request, HttpServletResponse response, Member self) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String action = request.getRequestURI().substring(prefix.length());
        String method = request.getMethod();
        switch (action) {
            case "drain" -> {
                if (method.equals("GET")) {
                    stateIfAdmitted(request, response, "state", self, false);
                } else if (method.equals("POST")) {
                    stateIfAdmitted(request, response, "drain", self, true);
                } else {
                    notAllowed(response, "GET, POST");
                }
            }
            case "undrain" -> {
                if (method.equals("POST")) {
                    stateIfAdmitted(request, response, "undrain", self, true);
                } else {
                    notAllowed(response, "POST");
                }
            }
            case "peer-state" -> {
                if (method.equals("POST")) {
                    peerState(request, response, self);
                } else {
                    notAllowed(response, "POST");
                }
            }
            default -> PlainText.write(response, HttpServletResponse.SC_NOT_FOUND, "affinity: no such admin endpoint");
        }
    }

    private void stateIfAdmitted(HttpServletRequest request, HttpServletResponse response, String action, Member self, boolean change)
            throws IOException {
        boolean signed = signatures != null && signatures.verify(request.getHeader(AdminSignature.HEADER), action, self.name());
        if (!signed && !allowed.allows(request.getRemoteAddr())) {
            PlainText.write(response, HttpServletResponse.SC_FORBIDDEN,
                    "affinity: admin calls need a client address in admin.allow or a valid " + AdminSignature.HEADER + " header");
            return;
        }
        if (change) {
            if (action.equals("drain")) {
                drain.drain();
            } else {
                drain.undrain();
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", self.name());
        body.put("state", drain.state());
        body.put("sessions", drain.sessions());
        body.put("requests", drain.requests());
        try {
            byte[] json = JSON.writeValueAsBytes(body);
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("application/json");
            response.setContentLength(json.length);
            response.getOutputStream().write(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the drain state", e);
        }
    }

    private void peerState(HttpServletRequest request, HttpServletResponse response, Member self) throws IOException {
        String header = request.getHeader(AdminSignature.HEADER);
        for (String state : new String[] {PeerNotice.DRAINING, PeerNotice.SERVING}) {
            String name = signatures == null ? null : signatures.signedNode(header, state).orElse(null);
            Member member = name == null || name.equals(self.name()) ? null : routing.router().member(name);
            if (member != null) {
                routing.health().draining(member, state.equals(PeerNotice.DRAINING));
                PlainText.write(response, HttpServletResponse.SC_OK, "ok");
                return;
            }
        }
        PlainText.write(response, HttpServletResponse.SC_FORBIDDEN, "affinity: peer state refused");
    }

    private static void notAllowed(HttpServletResponse response, String allow) throws IOException {
        response.setHeader("Allow", allow);
        PlainText.write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "affinity: this endpoint answers " + allow);
    }
}
