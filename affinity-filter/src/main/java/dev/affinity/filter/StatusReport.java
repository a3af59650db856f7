package dev.affinity.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.drain.NodeDrain;
import dev.affinity.routing.Member;
import dev.affinity.routing.Routing;
import dev.affinity.routing.RoutingView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status endpoint's JSON: this node and its self-check, the view of the farm that places
 * keys (epoch and id), whether this node is a gateway, the members (each {@code confirmed} once a health
 * check has seen it up) and their health ({@code up}, {@code down} or {@code draining}), this node's drain
 * state with the sessions and requests left, the strategy, the counters, and the marks rejected from members.
 */
final class StatusReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Routing routing;
    private final FilterCounters counters;
    private final SelfCheck selfCheck;
    private final MarkRejections rejections;
    private final boolean gateway;
    private final NodeDrain drain;

    StatusReport(Routing routing, FilterCounters counters, SelfCheck selfCheck, MarkRejections rejections, boolean gateway,
                 NodeDrain drain) {
        this.gateway = gateway;
        this.drain = drain;
        this.routing = routing;
        this.counters = counters;
        this.selfCheck = selfCheck;
        this.rejections = rejections;
    }

    /** The report as JSON, as seen by {@code self} (which may be {@code null} while unknown). */
    String toJson(Member self) {
        List<Map<String, Object>> members = new ArrayList<>();
        Map<String, String> health = new LinkedHashMap<>();
        Map<Member, Boolean> healthy = routing.health().snapshot();
        for (Member member : routing.membership().members()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", member.name());
            entry.put("url", member.baseUrl().toString());
            entry.put("weight", member.weight());
            entry.put("confirmed", routing.health().isConfirmed(member));
            members.add(entry);
            boolean up = healthy.getOrDefault(member, Boolean.TRUE);
            health.put(member.name(), !up ? "down" : routing.health().isDraining(member) ? "draining" : "up");
        }
        RoutingView.View view = routing.view().current();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("self", self == null ? null : self.name());
        report.put("gateway", gateway);
        report.put("selfCheck", selfCheck.state());
        report.put("state", drain.state());
        report.put("drain", Map.of("sessions", drain.sessions(), "requests", drain.requests()));
        report.put("configurationErrors", selfCheck.errors());
        report.put("strategy", routing.router().strategy().settingValue());
        Map<String, Object> placing = new LinkedHashMap<>();
        placing.put("epoch", view.epoch());
        placing.put("id", view.id());
        placing.put("routable", view.routable());
        report.put("view", placing);
        report.put("members", members);
        report.put("health", health);
        report.put("counters", counters.snapshot());
        report.put("marksRejected", rejections.snapshot());
        try {
            return JSON.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the status report", e);
        }
    }
}
