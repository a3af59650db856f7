package dev.affinity.sample;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Idempotency-Key}s of the last {@value #REMEMBERED} requests that changed the session,
 * kept in the session itself, so that a request sent again with one of these keys is answered
 * without being applied twice.
 *
 * <p>A request is sent again when its answer was lost: the affinity filter retries an idempotent
 * request on the next node when the owner dies before answering, and a client resends a request
 * whose connection was cut or that took too long. Both may reach a node that reads the session's
 * backup, in which the change, and its key with it, may already be. Since the keys are written in
 * the same session change as the effect, the backup holds both or neither. Several keys are kept
 * because a client that gave up waiting moves on to its next change while its first attempt may
 * still be on its way (queued on a node that was starting, or paused): applied late, that attempt
 * finds its key among the last ones and changes nothing.
 */
final class AppliedRequest {
    private static final String HEADER = "Idempotency-Key";
    private static final String ATTRIBUTE = "applied-requests";
    private static final int REMEMBERED = 64;
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

    /** Whether one of the session's last changes was made by a request with this request's key; never without a key. */
    static boolean isApplied(HttpSession session, HttpServletRequest request) {
        String key = request.getHeader(HEADER);
        return key != null && applied(session).contains(key);
    }

    /** Notes the request's key (if any) in the session, as part of the change the request makes. */
    static void noteApplied(HttpSession session, HttpServletRequest request) {
        String key = request.getHeader(HEADER);
        if (key != null) {
            List<String> keys = new ArrayList<>(applied(session));
            keys.add(key);
            session.setAttribute(ATTRIBUTE, new ArrayList<>(keys.subList(Math.max(0, keys.size() - REMEMBERED), keys.size())));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> applied(HttpSession session) {
        Object keys = session.getAttribute(ATTRIBUTE);
        return keys instanceof List<?> list ? (List<String>) list : List.of();
    }
}
