package dev.affinity.balancer;

import dev.affinity.routing.Member;
import dev.affinity.routing.PartitionKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The farm dashboard page: per pool, each member with the balancer's view of it (up or down, its
 * share of the keys as placed now, redirects per second) and the node's own (serving, draining,
 * down; requests per second served locally, forwarded and failed over; sessions held), read from the
 * nodes when the page is asked for ({@link NodeReports}). Plain HTML that reloads itself every
 * {@value #REFRESH_SECONDS} s, no script; each member's drain and undrain buttons post to the
 * balancer, which relays them to the node ({@link DrainRelay}).
 */
final class FarmDashboard implements AutoCloseable {
    /** How often the page reloads itself. */
    static final int REFRESH_SECONDS = 2;
    /** The keys whose placement gives each member's share. */
    private static final List<PartitionKey> SAMPLE_KEYS = sampleKeys(4096);

    private final Balancer balancer;
    private final NodeReports reports = new NodeReports();
    private final NodeRates rates = new NodeRates();

    FarmDashboard(Balancer balancer) {
        this.balancer = balancer;
    }

    /** The page, as of now, for a webapp at {@code contextPath}. */
    byte[] html(String contextPath) {
        Farm farm = balancer.farm();
        BalancerConfig config = farm.config();
        Map<Member, NodeReport> nodes = reports.ask(farm.members(), config);
        long now = System.nanoTime();
        StringBuilder page = new StringBuilder(4096);
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">")
                .append("<title>Affinity farm</title><style>")
                .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}")
                .append("th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right}th:first-child,td:first-child{text-align:left}")
                .append("tr.draining td.state{color:#b60}tr.down td.state,tr.unreachable td.state{color:#b00}")
                .append("</style></head><body>\n<h1>Affinity farm</h1>\n<p id=\"summary\">membership <b>")
                .append(Html.escape(config.provider().orElse("static"))).append("</b>, strategy <b>")
                .append(Html.escape(config.routing().strategy().settingValue())).append("</b>, ")
                .append(nodes.size()).append(" members; requests per second over the last reload of this page</p>\n");
        for (Pool pool : farm.pools()) {
            Map<Member, Integer> shares = shares(pool);
            page.append("<h2>pool ").append(Html.escape(pool.name())).append("</h2>\n<table id=\"pool-")
                    .append(Html.escape(pool.name())).append("\"><thead><tr><th>member</th><th>balancer</th><th>node</th>")
                    .append("<th>keys</th><th>redirects/s</th><th>local/s</th><th>forwarded/s</th><th>failed over/s</th>")
                    .append("<th>sessions</th><th></th></tr></thead><tbody>\n");
            for (Member member : pool.members()) {
                NodeReport node = nodes.getOrDefault(member, new NodeReport("unreachable", OptionalLong.empty(), OptionalLong.empty(),
                        OptionalLong.empty(), OptionalLong.empty()));
                String name = member.name();
                page.append("<tr class=\"member ").append(Html.escape(node.state())).append("\" data-member=\"")
                        .append(Html.escape(name)).append("\"><td class=\"name\"><a href=\"")
                        .append(Html.escape(member.baseUrl().toString())).append("\">").append(Html.escape(name)).append("</a></td>")
                        .append(cell("balancer", farm.health().state(member)))
                        .append(cell("state", node.state()))
                        .append(cell("share", String.format(Locale.ROOT, "%.1f %%", 100.0 * shares.getOrDefault(member, 0) / SAMPLE_KEYS.size())))
                        .append(cell("redirects", perSecond(rates.rate(name + "/redirects",
                                OptionalLong.of(balancer.counters().redirects(name)), now))))
                        .append(cell("local", perSecond(rates.rate(name + "/local", node.local(), now))))
                        .append(cell("forwarded", perSecond(rates.rate(name + "/forwarded", node.forwarded(), now))))
                        .append(cell("failed-over", perSecond(rates.rate(name + "/failedOver", node.failedOver(), now))))
                        .append(cell("sessions", node.sessions().isPresent() ? Long.toString(node.sessions().getAsLong()) : "–"))
                        .append("<td class=\"actions\"><form method=\"post\" action=\"")
                        .append(Html.escape(contextPath + config.dashboard().actionPath())).append("\">")
                        .append("<input type=\"hidden\" name=\"node\" value=\"").append(Html.escape(name)).append("\">")
                        .append("<button name=\"action\" value=\"drain\">drain</button> ")
                        .append("<button name=\"action\" value=\"undrain\">undrain</button></form></td>")
                        .append("</tr>\n");
            }
            page.append("</tbody></table>\n");
        }
        page.append("</body></html>\n");
        return page.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String cell(String type, String text) {
        return "<td class=\"" + type + "\">" + Html.escape(text) + "</td>";
    }

    private static String perSecond(OptionalDouble rate) {
        return rate.isPresent() ? String.format(Locale.ROOT, "%.1f", rate.getAsDouble()) : "–";
    }

    /** How many of the sample keys each member of {@code pool} gets now, health included. */
    private static Map<Member, Integer> shares(Pool pool) {
        Map<Member, Integer> shares = new HashMap<>();
        for (PartitionKey key : SAMPLE_KEYS) {
            Member owner = pool.route(key);
            if (owner != null) {
                shares.merge(owner, 1, Integer::sum);
            }
        }
        return shares;
    }

    private static List<PartitionKey> sampleKeys(int count) {
        List<PartitionKey> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(PartitionKey.of("dashboard-sample-" + i));
        }
        return keys;
    }

    @Override
    public void close() {
        reports.close();
    }
}
