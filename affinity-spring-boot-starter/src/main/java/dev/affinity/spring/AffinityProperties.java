package dev.affinity.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The starter's {@code affinity.*} properties: {@code affinity.enabled}, and one map of settings per
 * filter, {@code affinity.filter.<name>} for {@code AffinityFilter} and {@code affinity.session.<name>}
 * for {@code SessionBackupFilter}, each passed to its filter as the init-param {@code <name>}; the
 * key {@code enabled} of a map is the starter's own (that filter on or off) and is not passed on.
 */
@ConfigurationProperties(prefix = "affinity")
public class AffinityProperties {
    private boolean enabled = true;
    private final Map<String, String> filter = new LinkedHashMap<>();
    private final Map<String, String> session = new LinkedHashMap<>();

    /** Whether the starter registers anything ({@code affinity.enabled}, default {@code true}). */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The affinity filter's settings ({@code affinity.filter.*}), by setting name. */
    public Map<String, String> getFilter() {
        return filter;
    }

    /** The session backup filter's settings ({@code affinity.session.*}), by setting name. */
    public Map<String, String> getSession() {
        return session;
    }
}
