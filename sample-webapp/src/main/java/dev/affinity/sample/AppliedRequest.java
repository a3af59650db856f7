package dev.affinity.sample;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * The {@code Idempotency-Key} of the last request that changed the session, kept in the session
 * itself, so that a request sent again with the same key is answered without being applied twice.
 *
 * <p>A request is sent again when its answer was lost: the affinity filter retries an idempotent
 * request on the next node when the owner dies before answering, and a client resends a request
 * whose connection was cut. Both may reach a node that reads the session's backup, in which the
 * change, and this key with it, may already be. Since the key is written in the same session change
 * as the effect, the backup holds both or neither. One key per session is enough for a client that
 * sends one change at a time for its session, as a browser tab or the shop's clients do.
 */
final class AppliedRequest {
    private static final String HEADER = "Idempotency-Key";
    private static final String ATTRIBUTE = "applied-request";
    private static final int MAX_LENGTH = 128;

    private AppliedRequest() {
    }

    /** Answers {@code 400} and returns {@code true} when the request's key is not 1 to 128 visible ASCII characters. */
    static boolean refuseMalformed(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String key = request.getHeader(HEADER);
        if (key == null || !key.isEmpty() && key.length() <= MAX_LENGTH && key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return false;
        }
        JsonResponses.refuse(response, 400, HEADER + " must be 1 to " + MAX_LENGTH + " visible ASCII characters");
        return true;
    }

    /** Whether the session's last change was made by a request with this request's key; never without a key. */
    static boolean isApplied(HttpSession session, HttpServletRequest request) {
        String key = request.getHeader(HEADER);
        return key != null && key.equals(session.getAttribute(ATTRIBUTE));
    }

    /** Notes the request's key (if any) in the session, as part of the change the request makes. */
    static void noteApplied(HttpSession session, HttpServletRequest request) {
        String key = request.getHeader(HEADER);
        if (key != null) {
            session.setAttribute(ATTRIBUTE, key);
        }
    }
}
