package dev.affinity.balancer;

import dev.affinity.config.ConfigException;
import java.util.List;

/**
 * The status of the balancer's redirects ({@code redirect.status}): by default {@code 303 See Other}
 * for {@code GET} and {@code HEAD} and {@code 307 Temporary Redirect} for every other method, so a
 * client that follows it keeps its method and body; {@code 303} or {@code 307} forces one for all.
 */
enum RedirectStatus {
    /** 303 for GET and HEAD, 307 otherwise. */
    BY_METHOD("by-method"),
    /** Always 303: the client follows with GET. */
    SEE_OTHER("303"),
    /** Always 307: the client follows with the same method and body. */
    TEMPORARY("307");

    private final String settingValue;

    RedirectStatus(String settingValue) {
        this.settingValue = settingValue;
    }

    /** Parses the value of {@code setting}. */
    static RedirectStatus parse(String setting, String value) {
        for (RedirectStatus status : values()) {
            if (status.settingValue.equals(value)) {
                return status;
            }
        }
        throw ConfigException.invalid(setting, value, "by-method (303 for GET and HEAD, 307 for other methods), 303 or 307");
    }

    /** The status of a redirect for a request with {@code method}. */
    int statusFor(String method) {
        return switch (this) {
            case SEE_OTHER -> 303;
            case TEMPORARY -> 307;
            case BY_METHOD -> "GET".equals(method) || "HEAD".equals(method) ? 303 : 307;
        };
    }

    /** Every status a redirect may have. */
    List<Integer> statuses() {
        return switch (this) {
            case SEE_OTHER -> List.of(303);
            case TEMPORARY -> List.of(307);
            case BY_METHOD -> List.of(303, 307);
        };
    }

    /** The value as written in the settings. */
    String settingValue() {
        return settingValue;
    }
}
