package dev.affinity.balancer;

import dev.affinity.access.EndpointSettings;
import dev.affinity.config.Settings;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The farm dashboard: its page ({@code balancer-dashboard.enabled}, off by default like the status
 * page, {@code balancer-dashboard.path}, readable from {@code status.allow}) and the nodes' endpoints
 * it reads: each node's affinity status ({@code balancer-dashboard.node-status-path}) and session
 * status ({@code balancer-dashboard.node-session-status-path}), relative to the node's base URL as
 * the health path is, and the nodes' admin endpoints its drain and undrain buttons call through the
 * balancer ({@code balancer-dashboard.node-admin-path}: {@code POST <path>/drain}, {@code <path>/undrain}),
 * signed with the farm {@code secret} when the balancer has it.
 *
 * @param page the page's endpoint
 * @param nodeStatusPath the affinity filter's status path on every node
 * @param nodeSessionStatusPath the session filter's status path on every node
 * @param nodeAdminPath the admin endpoints' path on every node
 * @param secret the farm secret that signs the relayed calls ({@code Affinity-Admin}), if set
 */
record DashboardSettings(EndpointSettings page, String nodeStatusPath, String nodeSessionStatusPath, String nodeAdminPath,
                         Optional<String> secret) {
    /** The prefix of these settings. */
    static final String PREFIX = "balancer-dashboard";

    /** The path, below the page's, that relays a drain or undrain to a node. */
    String actionPath() {
        return page.path() + "/drain";
    }

    /** Every setting name. */
    static Set<String> names() {
        Set<String> names = new HashSet<>(EndpointSettings.statusNames(PREFIX));
        names.add(PREFIX + ".node-status-path");
        names.add(PREFIX + ".node-session-status-path");
        names.add(PREFIX + ".node-admin-path");
        names.add("secret");
        return names;
    }

    /** Reads and checks the settings. */
    static DashboardSettings from(Settings settings) {
        return new DashboardSettings(EndpointSettings.status(settings, PREFIX, "/balancer/dashboard"),
                settings.path(PREFIX + ".node-status-path", "/affinity/status"),
                settings.path(PREFIX + ".node-session-status-path", "/affinity/session-status"),
                settings.path(PREFIX + ".node-admin-path", "/affinity/admin"),
                settings.secret("secret"));
    }
}
