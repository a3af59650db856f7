package dev.affinity.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * An HTTP answer as the tests look at it.
 *
 * @param status the status code
 * @param body the body as text
 * @param response the whole response, for its headers
 */
public record Answer(int status, String body, HttpResponse<String> response) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body of a {@code 200}; an {@link AssertionError} naming the request, status and body otherwise. */
    public String okBody() {
        if (status != 200) {
            throw new AssertionError("HTTP " + status + " for " + response.request().uri() + ": " + body);
        }
        return body;
    }

    /** The body as JSON. */
    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not JSON (status " + status + "): " + body, e);
        }
    }

    /** The first value of a header. */
    public Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }

    /** The node that served it, from {@code X-Affinity-Node}. */
    public String servedBy() {
        return header("X-Affinity-Node").orElseThrow(() -> new AssertionError("no X-Affinity-Node in " + response.headers()));
    }
}
