package dev.affinity.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.affinity.config.ConfigException;

/**
 * The farm as one node places keys, in the JSON its ring endpoint answers and a partition-aware
 * client reads: the members (name, base URL, weight, state), the strategy, the key rules, the
 * webapp's context path, and the node's view ({@code epoch}, {@code id}: the id is the one
 * {@code X-Affinity-Epoch} carries, the same on every node that places keys alike). {@code format}
 * numbers this layout; a reader refuses a format it does not know.
 *
 * @param format the layout's version, {@value #FORMAT}
 * @param strategy the {@code strategy} setting value
 * @param key the {@code key} setting
 * @param keyMaxLength the {@code key.max-length} setting
 * @param sessionCookie the {@code session.cookie} setting
 * @param contextPath the webapp's context path ({@code ""} for the root)
 * @param epoch the view's epoch on the node that answered
 * @param viewId the view's id
 * @param members the members in member order
 */
public record Ring(int format, String strategy, String key, int keyMaxLength, String sessionCookie, String contextPath,
                   long epoch, String viewId, List<Entry> members) {
    /** The layout written and read here. */
    public static final int FORMAT = 1;
    /** The state of a member routed to. */
    public static final String UP = "up";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One member.
     *
     * @param member the member
     * @param state {@value #UP} when routed to; otherwise why not ({@code down}, or a later state such as {@code draining})
     */
    public record Entry(Member member, String state) {
        /** Whether keys are routed to this member. */
        public boolean routable() {
            return UP.equals(state);
        }
    }

    /** The ring of {@code routing} now, served at {@code contextPath}. */
    public static Ring of(Routing routing, String contextPath) {
        RoutingSettings settings = routing.settings();
        RoutingView.View view = routing.view().current();
        List<Entry> entries = new ArrayList<>();
        for (Member member : routing.membership().members()) {
            entries.add(new Entry(member, routing.health().state(member)));
        }
        return new Ring(FORMAT, routing.router().strategy().settingValue(), settings.keySpec(), settings.keyMaxLength(),
                settings.sessionCookie(), contextPath, view.epoch(), view.id(), List.copyOf(entries));
    }

    /** The members, in member order. */
    public List<Member> memberList() {
        return members.stream().map(Entry::member).toList();
    }

    /** The placement strategy. */
    public Strategy placement() {
        return Strategy.valueOf(strategy.toUpperCase(Locale.ROOT));
    }

    /** This ring as JSON. */
    public String toJson() {
        Map<String, Object> ring = new LinkedHashMap<>();
        ring.put("format", format);
        ring.put("strategy", strategy);
        ring.put("key", key);
        ring.put("keyMaxLength", keyMaxLength);
        ring.put("sessionCookie", sessionCookie);
        ring.put("contextPath", contextPath);
        ring.put("view", Map.of("epoch", epoch, "id", viewId));
        List<Map<String, Object>> list = new ArrayList<>();
        for (Entry entry : members) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", entry.member().name());
            item.put("url", entry.member().baseUrl().toString());
            item.put("weight", entry.member().weight());
            item.put("state", entry.state());
            list.add(item);
        }
        ring.put("members", list);
        try {
            return JSON.writeValueAsString(ring);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the ring", e);
        }
    }

    /**
     * Reads a ring written by {@link #toJson()}. The members' URLs and names are checked as the
     * {@code members} setting checks them.
     *
     * @throws IllegalArgumentException when it is not a ring of format {@value #FORMAT}
     */
    public static Ring parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a ring: " + e.getOriginalMessage());
        }
        if (root == null || root.path("format").asInt() != FORMAT) {
            throw new IllegalArgumentException("not a ring of format " + FORMAT);
        }
        MemberListParser parser = new MemberListParser("ring");
        List<Entry> entries = new ArrayList<>();
        for (JsonNode item : root.path("members")) {
            try {
                Member parsed = parser.parse(item.path("url").asText() + ";name=" + item.path("name").asText());
                Member member = new Member(parsed.name(), parsed.baseUrl(), item.path("weight").asDouble(1));
                entries.add(new Entry(member, item.path("state").asText("down")));
            } catch (ConfigException e) {
                throw new IllegalArgumentException("a ring with a bad member: " + e.getMessage(), e);
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a ring without members");
        }
        Ring ring = new Ring(FORMAT, root.path("strategy").asText(), root.path("key").asText(), root.path("keyMaxLength").asInt(256),
                root.path("sessionCookie").asText("JSESSIONID"), root.path("contextPath").asText(""),
                root.path("view").path("epoch").asLong(), root.path("view").path("id").asText(), List.copyOf(entries));
        ring.placement();
        return ring;
    }

    /** The URI of the ring endpoint under a node's base URL and the webapp's context path. */
    public static URI endpoint(URI nodeWithContext, String ringPath) {
        String base = nodeWithContext.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + ringPath);
    }
}
