package dev.affinity.routing;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import java.time.Duration;
import java.util.Set;

/**
 * Health-check settings.
 *
 * @param path the path probed on each member's base URL
 * @param interval time between active probes; zero turns active probing off
 * @param timeout how long a probe may take
 * @param rise consecutive probe successes that bring a member up
 * @param fall consecutive probe failures that take a member down
 * @param passiveFailures consecutive forwarding failures that eject a member
 * @param backoff the first ejection's length, doubled on each ejection in a row
 * @param backoffMax the longest ejection
 */
public record HealthSettings(String path, Duration interval, Duration timeout, int rise, int fall,
                             int passiveFailures, Duration backoff, Duration backoffMax) {

    /** The names of the health settings. */
    public static final Set<String> NAMES = Set.of("health.path", "health.interval", "health.timeout", "health.rise",
            "health.fall", "health.passive.failures", "health.passive.backoff", "health.passive.backoff-max");

    /** Reads the health settings; {@code defaultPath} is used when {@code health.path} is not set. */
    public static HealthSettings from(Settings settings, String defaultPath) {
        String path = settings.string("health.path", defaultPath);
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#')) {
            throw ConfigException.invalid("health.path", path, "an absolute path such as /affinity/health");
        }
        Duration backoff = settings.duration("health.passive.backoff", Duration.ofSeconds(1), Duration.ofMillis(10));
        Duration backoffMax = settings.duration("health.passive.backoff-max", Duration.ofSeconds(30), backoff);
        return new HealthSettings(path,
                settings.duration("health.interval", Duration.ofSeconds(2), Duration.ZERO),
                settings.duration("health.timeout", Duration.ofSeconds(1), Duration.ofMillis(10)),
                settings.integer("health.rise", 2, 1, 100),
                settings.integer("health.fall", 3, 1, 100),
                settings.integer("health.passive.failures", 3, 1, 100),
                backoff, backoffMax);
    }
}
