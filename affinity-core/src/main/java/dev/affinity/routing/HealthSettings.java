package dev.affinity.routing;

import dev.affinity.config.ConfigException;
import dev.affinity.config.Settings;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * Health-check settings.
 *
 * @param path the path probed on each member's base URL
 * @param interval time between active probes; zero turns active probing off
 * @param timeout how long a probe may take
 * @param rise consecutive probe successes that bring a member up
 * @param fall consecutive probe failures that take a member down
 * @param passiveFailures consecutive forwarding failures that eject a member
 * @param passiveStatuses the statuses of a member's answer that count as its failure
 * @param backoff the first ejection's length, doubled on each ejection in a row
 * @param backoffMax the longest ejection
 * @param slowStart how long a member that came back up takes to get its full share of new keys; zero: at once
 */
public record HealthSettings(String path, Duration interval, Duration timeout, int rise, int fall,
                             int passiveFailures, Set<Integer> passiveStatuses, Duration backoff, Duration backoffMax,
                             Duration slowStart) {

    /** The names of the active health settings: the probes. */
    public static final Set<String> ACTIVE_NAMES = Set.of("health.path", "health.interval", "health.timeout", "health.rise",
            "health.fall", "slow-start");
    /** The names of every health setting: the probes, and passive health of a node that forwards. */
    public static final Set<String> NAMES = Set.of("health.path", "health.interval", "health.timeout", "health.rise",
            "health.fall", "slow-start", "health.passive.failures", "health.passive.statuses", "health.passive.backoff",
            "health.passive.backoff-max");

    private static final String STATUSES_ACCEPTED = "comma-separated HTTP statuses from 400 to 599, such as 502,503,504, or none";

    /** Reads the health settings; {@code defaultPath} is used when {@code health.path} is not set. */
    public static HealthSettings from(Settings settings, String defaultPath) {
        String path = settings.path("health.path", defaultPath);
        Duration backoff = settings.duration("health.passive.backoff", Duration.ofSeconds(1), Duration.ofMillis(10));
        Duration backoffMax = settings.duration("health.passive.backoff-max", Duration.ofSeconds(30), backoff);
        return new HealthSettings(path,
                settings.duration("health.interval", Duration.ofSeconds(2), Duration.ZERO),
                settings.duration("health.timeout", Duration.ofSeconds(1), Duration.ofMillis(10)),
                settings.integer("health.rise", 2, 1, 100),
                settings.integer("health.fall", 3, 1, 100),
                settings.integer("health.passive.failures", 3, 1, 100),
                statuses("health.passive.statuses", settings.string("health.passive.statuses", "502,503,504")),
                backoff, backoffMax,
                settings.duration("slow-start", Duration.ZERO, Duration.ZERO));
    }

    /** Whether a member's answer with {@code status} counts as the member's failure. */
    public boolean isMemberFailure(int status) {
        return passiveStatuses.contains(status);
    }

    private static Set<Integer> statuses(String setting, String value) {
        Set<Integer> statuses = new TreeSet<>();
        if (value.equals("none")) {
            return Set.of();
        }
        for (String item : value.split(",")) {
            try {
                int status = Integer.parseInt(item.trim());
                if (status < 400 || status > 599) {
                    throw ConfigException.invalid(setting, value, STATUSES_ACCEPTED);
                }
                statuses.add(status);
            } catch (NumberFormatException e) {
                throw ConfigException.invalid(setting, value, STATUSES_ACCEPTED);
            }
        }
        return Set.copyOf(statuses);
    }
}
