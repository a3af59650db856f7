package dev.affinity.access;

import dev.affinity.config.Settings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Who may read an endpoint a component answers itself (the status endpoints, the ring): {@code GET}
 * only, from the addresses of an allow-list setting ({@code status.allow} for every status
 * endpoint of a node; this machine by default), and the answer is never cached.
 */
public final class StatusAccess {
    /** The setting that lists the addresses allowed to read the status endpoints. */
    public static final String SETTING = "status.allow";

    private final AllowedAddresses allowed;
    private final String setting;

    /** Access for the addresses {@code allowed}, which the setting {@code setting} lists. */
    public StatusAccess(AllowedAddresses allowed, String setting) {
        this.allowed = allowed;
        this.setting = setting;
    }

    /** Reads {@code status.allow} (default {@value AllowedAddresses#LOOPBACK}). */
    public static StatusAccess from(Settings settings) {
        return from(settings, SETTING);
    }

    /** Reads the allow-list {@code setting} (default {@value AllowedAddresses#LOOPBACK}). */
    public static StatusAccess from(Settings settings, String setting) {
        return new StatusAccess(AllowedAddresses.parse(setting, settings.string(setting, AllowedAddresses.LOOPBACK)), setting);
    }

    /**
     * Whether {@code request} may read the status. If not, it has been answered: {@code 405} for a
     * method other than {@code GET}, {@code 403} for a client address not allowed. Either way the
     * response carries {@code Cache-Control: no-store}.
     */
    public boolean admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return admit(request, response, "GET");
    }

    /** As {@link #admit(HttpServletRequest, HttpServletResponse)}, for an endpoint that answers {@code method} only. */
    public boolean admit(HttpServletRequest request, HttpServletResponse response, String method) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (!method.equals(request.getMethod())) {
            response.setHeader("Allow", method);
            refuse(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "affinity: this endpoint answers " + method + " only");
            return false;
        }
        if (!allowed.allows(request.getRemoteAddr())) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "affinity: this endpoint is not open to this address (setting "
                    + setting + ")");
            return false;
        }
        return true;
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
