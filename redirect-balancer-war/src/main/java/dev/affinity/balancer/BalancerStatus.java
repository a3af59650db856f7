package dev.affinity.balancer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.affinity.routing.Member;
import java.util.Map;

/**
 * The JSON status page: strategy, pools with their members' health (and whether a health check has
 * confirmed it, and whether they drain) and redirect counts, rules, counters.
 */
final class BalancerStatus {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Balancer balancer;

    BalancerStatus(Balancer balancer) {
        this.balancer = balancer;
    }

    byte[] json() {
        Farm farm = balancer.farm();
        BalancerConfig config = farm.config();
        BalancerCounters counters = balancer.counters();
        Map<Member, Boolean> health = farm.health().snapshot();
        ObjectNode root = JSON.createObjectNode();
        root.put("membership", config.provider().orElse("static"));
        root.put("strategy", config.routing().strategy().settingValue());
        root.put("redirectStatus", config.redirectStatus().settingValue());
        ObjectNode pools = root.putObject("pools");
        for (Pool pool : farm.pools()) {
            ObjectNode node = pools.putObject(pool.name());
            node.put("unavailable", counters.unavailable(pool.name()));
            ArrayNode members = node.putArray("members");
            for (Member member : pool.members()) {
                members.addObject()
                        .put("name", member.name())
                        .put("url", member.baseUrl().toString())
                        .put("weight", member.weight())
                        .put("healthy", health.getOrDefault(member, Boolean.TRUE))
                        .put("confirmed", balancer.health().isConfirmed(member))
                        .put("draining", balancer.health().isDraining(member))
                        .put("redirects", counters.redirects(member.name()));
            }
        }
        ArrayNode rules = root.putArray("rules");
        config.rules().forEach(rule -> rules.add(rule.description()));
        root.put("rejected", counters.rejected());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the balancer status", e);
        }
    }
}
