package dev.affinity.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affinity.routing.Member;
import dev.affinity.routing.Routing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status endpoint's JSON: this node, the members (each {@code confirmed} once a health check
 * has seen it up) and their health, the strategy and the counters.
 */
final class StatusReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Routing routing;
    private final FilterCounters counters;

    StatusReport(Routing routing, FilterCounters counters) {
        this.routing = routing;
        this.counters = counters;
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
            health.put(member.name(), healthy.getOrDefault(member, Boolean.TRUE) ? "up" : "down");
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("self", self == null ? null : self.name());
        report.put("strategy", routing.router().strategy().settingValue());
        report.put("members", members);
        report.put("health", health);
        report.put("counters", counters.snapshot());
        try {
            return JSON.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the status report", e);
        }
    }
}
